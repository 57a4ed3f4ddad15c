package org.hotline.bench;

import static org.hotline.db.generated.Tables.AREA;
import static org.hotline.db.generated.Tables.ASSESSMENT_DAY;
import static org.hotline.db.generated.Tables.ASSESSMENT_UNIT_DAY;
import static org.hotline.db.generated.Tables.CALL_RECORD;
import static org.hotline.db.generated.Tables.CATEGORY;
import static org.hotline.db.generated.Tables.CTI_INTEGRATION;
import static org.hotline.db.generated.Tables.ORDER_CLOCK;
import static org.hotline.db.generated.Tables.SLA_POLICY;
import static org.hotline.db.generated.Tables.UNIT;
import static org.hotline.db.generated.Tables.WORK_ORDER;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.hotline.assessment.TimelineCounts.Count;
import org.hotline.db.Bulk;
import org.hotline.db.Database;
import org.hotline.sla.CalendarStore;
import org.hotline.sla.ClockKind;
import org.hotline.sla.Limit;
import org.hotline.sla.OfficeHours;
import org.hotline.sla.Policy;
import org.hotline.sla.WorkingTime;
import org.hotline.workorder.OrderNumbers;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Table;

/**
 * A year of a big city's hotline written straight into the tables the leadership dashboard reads, fast: the orders
 * (with the shape of a hotline's year: hours of the day, weekdays, holidays, the summer peak), their sign and handle
 * clocks (met or late; the open ones running, some overdue at escalation levels 0–3), the calls of the last weeks,
 * and the assessment aggregates ({@code assessment_day}, {@code assessment_unit_day}) that the same lives count under
 * the production rule ({@code TimelineCounts}: each event on its day, for its unit). Timeline events, assignments,
 * citizens and timers are not written: no tile reads them (BENCHMARKS.md says what was loaded).
 *
 * <p>The demo city has 62 assessed units; a real city has 300–400. The fill adds districts with their street offices,
 * bureaus and enterprises (codes starting {@code bench-}) and sends them their share of the orders.
 *
 * <p>One thread makes the days up, in time order, while another writes the day before: orders with their ids (the
 * clocks and calls refer to them), clocks, calls, and the aggregate rows of every day no later order can count on
 * any more (an event never comes before its order). Every statement is a 1,000-row insert, short enough for the
 * driver's socket timeout, each chunk its own transaction, retried on a fresh connection if the connection broke.
 */
final class DashboardFill {

    static final ZoneId ZONE = OrderNumbers.ZONE;

    /** What to load: the city's size and how many days of calls. */
    record Settings(int orders, int extraDistricts, int streetsPerDistrict, int extraBureaus, int extraEnterprises,
                    int callDays, long seed) {

        /** A big city's year: 12 districts, 229 street offices, 60 bureaus, 45 enterprises. */
        static Settings city(int orders) {
            return new Settings(orders, 8, 26, 32, 36, 60, 20261207L);
        }
    }

    /** What went in. */
    record Loaded(long orders, long open, long clocks, long running, long overdueOrders, long calls, long fineRows,
                  long unitDayRows, int assessedUnits, Instant from, Instant now, Instant newestChange,
                  Duration took) {
    }

    /** Calls per hour of the day (relative): a hotline answers day and night, mostly in office hours. */
    private static final double[] HOURS = {0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 4, 7, 7.5, 6, 4, 4.5, 6.5, 7, 6.5,
        5, 3.5, 3.5, 3.5, 2.5, 1.5, 0.8};
    /** Orders per day by day of the week (relative), Monday first: the weekend's problems arrive on Monday. */
    private static final double[] WEEKDAYS = {1.14, 1.06, 1.04, 1.02, 1.0, 0.78, 0.72};
    private static final String[] TAILS = {"要求尽快处理。", "希望相关部门核实。", "请求帮助协调。", "已多次反映未解决。", "影响正常生活。",
        "请尽快派人查看。", "希望给个说法。", ""};
    private static final String[] DISTRICTS = {"东湖区", "西山区", "南湖区", "北塘区", "高新区", "经开区", "新洲区", "滨海区",
        "云溪区", "白鹭区", "金沙区", "凤凰区"};
    private static final String[] WORDS = {"和平", "解放", "人民", "建设", "光明", "胜利", "东风", "红旗", "前进", "幸福", "团结",
        "新华", "友谊", "长春", "花园", "青年", "民主", "东升", "朝阳", "五里", "七里", "南湖", "西湖", "北苑", "中山", "文化",
        "锦绣", "阳光", "翠湖", "金桥", "丰收", "振兴", "育才", "龙泉", "桃园", "杏林"};
    private static final String[] PLACE_KINDS = {"小区", "花园", "家园", "新村", "苑", "公寓", "农贸市场", "广场", "商业街", "中学",
        "路菜市场", "社区卫生服务中心"};
    private static final String[] BUREAUS = {"统计局", "审计局", "民族宗教事务委员会", "粮食和物资储备局", "机关事务管理局", "地震局",
        "气象局", "烟草专卖局", "邮政管理局", "档案局", "人民防空办公室", "城市管理执法支队", "水利和湖泊局", "科学技术局",
        "经济和信息化局", "体育局", "卫生健康委员会监督所", "城市更新局", "公共资源交易中心", "住房公积金中心", "不动产登记中心",
        "城市排水管理处", "路灯管理处", "市政设施管理处", "殡葬管理所", "动物卫生监督所", "交通运输综合执法支队", "生态环境保护综合执法支队",
        "市场监管综合执法支队", "文化市场综合执法支队", "农业综合执法支队", "应急管理综合执法支队", "城建档案馆", "残疾人联合会",
        "总工会", "妇女联合会", "共青团市委", "红十字会", "供销合作社", "地方金融工作局"};
    private static final String[] ENTERPRISES = {"江城水务集团%s分公司", "国网江城供电公司%s供电中心", "江城燃气%s营业所",
        "江城热力%s分公司", "江城公交集团%s分公司", "中国移动江城%s分公司", "中国电信江城%s分公司", "中国联通江城%s分公司",
        "江城广电网络%s分公司"};

    private final Database db;
    private final Settings settings;
    private final Instant now;
    private final PrintStream out;
    private final Random random;
    private final City city;
    private final WorkingTime wt;
    private final long secondsPerDay;

    /** Counts per day: key (unit, category, area) packed in a long → the 16 counts. */
    private final TreeMap<LocalDate, Map<Long, int[]>> counts = new TreeMap<>();
    private long nextOrderId;
    private long nextCall;
    private final String[] callers;

    // What went in, as counted here (a COUNT(*) over 10 M rows is longer than the driver's socket timeout).
    private long orders;
    private long open;
    private long clocks;
    private long running;
    private long overdueOrders;
    private long calls;
    private long fineRows;
    private long unitDayRows;
    private Instant newest = Instant.EPOCH;

    /**
     * @param now the end of the loaded year: nothing happens after it (the benchmark's node keeps time from there)
     */
    DashboardFill(Database db, Settings settings, Instant now, PrintStream out) {
        this.db = db;
        this.settings = settings;
        this.now = now;
        this.out = out;
        this.random = new Random(settings.seed());
        this.wt = new CalendarStore(db, OfficeHours.DEFAULT).workingTime();
        this.secondsPerDay = wt.hours().secondsPerDay();
        this.city = new City();
        this.callers = new String[Math.max(100, Math.min(300_000, settings.orders() / 20))];
        Random c = new Random(settings.seed() + 1);
        byte[] b = new byte[32];
        for (int i = 0; i < callers.length; i++) {
            c.nextBytes(b);
            callers[i] = HexFormat.of().formatHex(b);
        }
    }

    /** Adds the city's extra units, then a year of orders; answers what went in. */
    Loaded run() {
        long started = System.nanoTime();
        city.load();
        nextOrderId = 1 + db.dsl().select(org.jooq.impl.DSL.max(WORK_ORDER.ID)).from(WORK_ORDER)
                .fetchOptional(0, Long.class).orElse(0L);
        LocalDate last = LocalDate.ofInstant(now, ZONE);
        LocalDate first = last.minusYears(1).plusDays(1);
        Instant from = first.atStartOfDay(ZONE).toInstant();
        LocalDate callsFrom = last.minusDays(Math.max(0, settings.callDays() - 1L));
        double[] weights = dayWeights(first, last, from);
        double total = Arrays.stream(weights).sum();

        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(3);
        Object end = new Object();
        Thread writer = Thread.ofPlatform().name("dashboard-fill-writer").start(() -> {
            try {
                while (true) {
                    Object next = queue.take();
                    if (next == end) {
                        return;
                    }
                    write((Batch) next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                queue.clear();
            }
        });
        double carry = 0;
        int dayIndex = 0;
        try {
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1), dayIndex++) {
                carry += settings.orders() * weights[dayIndex] / total;
                int n = (int) Math.round(carry);
                carry -= n;
                Batch batch = new Batch();
                // Every later order's events come on this day or after: the days before are complete.
                flushBefore(d, batch);
                day(d, n, !d.isBefore(callsFrom), batch);
                put(queue, batch);
                if (dayIndex % 10 == 0 || d.equals(last)) {
                    double s = (System.nanoTime() - started) / 1e9;
                    out.printf("  %s: %,d orders, %,d clocks, %,d calls, %,d + %,d aggregate rows (%.0f s)%n", d,
                            orders, clocks, calls, fineRows, unitDayRows, s);
                }
            }
            Batch rest = new Batch();
            flushBefore(last.plusDays(1), rest);
            put(queue, rest);
            put(queue, end);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure != null) {
            throw failure;
        }
        return new Loaded(orders, open, clocks, running, overdueOrders, calls, fineRows, unitDayRows,
                city.assessed, from, now, newest, Duration.ofNanos(System.nanoTime() - started));
    }

    private volatile RuntimeException failure;

    private void put(BlockingQueue<Object> queue, Object o) throws InterruptedException {
        while (!queue.offer(o, 1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (failure != null) {
                throw failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One day's rows, written together. */
    private static final class Batch {
        final List<Object[]> orders = new ArrayList<>();
        final List<Object[]> clocks = new ArrayList<>();
        final List<Object[]> calls = new ArrayList<>();
        final List<Object[]> fine = new ArrayList<>();
        final List<Object[]> unitDays = new ArrayList<>();
    }

    // --- the year's shape -------------------------------------------------------------------------------------

    /** Orders per day (relative): weekday, holidays and make-up days, the summer peak, the part of the first day. */
    private double[] dayWeights(LocalDate first, LocalDate last, Instant from) {
        List<Double> w = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            double x = WEEKDAYS[d.getDayOfWeek().getValue() - 1];
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!wt.calendar().isWorkingDay(d) && !weekend) {
                x = 0.62; // a public holiday
            } else if (wt.calendar().isWorkingDay(d) && weekend) {
                x = 1.0; // a make-up working day
            }
            x *= 1 + 0.13 * Math.cos(2 * Math.PI * (d.getDayOfYear() - 200) / 365.0);
            if (d.equals(last)) {
                x *= share(d);
            }
            w.add(x);
        }
        return w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The share of a day's calls (by the hour) that comes before {@link #now}. */
    private double share(LocalDate day) {
        double all = 0;
        double within = 0;
        for (int h = 0; h < HOURS.length; h++) {
            Instant start = day.atTime(h, 0).atZone(ZONE).toInstant();
            long seconds = Math.max(0, Math.min(3600, now.getEpochSecond() - start.getEpochSecond()));
            all += HOURS[h];
            within += HOURS[h] * seconds / 3600.0;
        }
        return within / all;
    }

    private int hour() {
        double sum = 0;
        for (double h : HOURS) {
            sum += h;
        }
        double r = random.nextDouble() * sum;
        for (int h = 0; h < HOURS.length; h++) {
            r -= HOURS[h];
            if (r < 0) {
                return h;
            }
        }
        return 12;
    }

    // --- one day ----------------------------------------------------------------------------------------------

    private void day(LocalDate d, int n, boolean withCalls, Batch batch) {
        Instant[] times = new Instant[n];
        for (int i = 0; i < n; i++) {
            Instant t;
            do {
                t = d.atTime(hour(), random.nextInt(60), random.nextInt(60), random.nextInt(1000) * 1_000_000)
                        .atZone(ZONE).toInstant();
            } while (t.isAfter(now));
            times[i] = t;
        }
        // Ids grow with time, as in production (the hotspot terms sample a week by id).
        Arrays.sort(times);
        List<Object[]> dayCalls = new ArrayList<>();
        for (Instant created : times) {
            Order o = order(nextOrderId++, created);
            batch.orders.add(o.row());
            batch.clocks.addAll(o.clocks);
            if (withCalls && o.channel.equals("phone")) {
                dayCalls.add(call(created.minusSeconds(40 + random.nextInt(300)), o.id, false));
            }
        }
        if (withCalls) {
            // Calls that made no order (progress enquiries, repeats, hang-ups) and calls nobody answered.
            long answeredWithout = Math.round(dayCalls.size() * 0.25);
            for (long i = 0; i < answeredWithout; i++) {
                dayCalls.add(call(randomTimeOn(d), null, false));
            }
            long missed = Math.round(dayCalls.size() * 0.09);
            for (long i = 0; i < missed; i++) {
                dayCalls.add(call(randomTimeOn(d), null, true));
            }
            dayCalls.removeIf(c -> ((Instant) c[5]).isAfter(now));
            dayCalls.sort((a, b) -> ((Instant) a[5]).compareTo((Instant) b[5]));
            batch.calls.addAll(dayCalls);
            calls += dayCalls.size();
        }
    }

    private Instant randomTimeOn(LocalDate d) {
        return d.atTime(hour(), random.nextInt(60), random.nextInt(60)).atZone(ZONE).toInstant();
    }

    /** A call row: integration, call id, caller hash, masked caller, started, answered, ended, state, order, callback. */
    private Object[] call(Instant started, Long orderId, boolean missed) {
        String caller = callers[random.nextInt(callers.length)];
        Instant answered = missed ? null : started.plusSeconds(3 + random.nextInt(40));
        Instant ended = missed ? started.plusSeconds(10 + random.nextInt(50))
                : answered.plusSeconds(60 + random.nextInt(480));
        Instant callback = missed && random.nextInt(10) < 7 ? ended.plusSeconds(600 + random.nextInt(7200)) : null;
        if (callback != null && callback.isAfter(now)) {
            callback = null;
        }
        if (ended.isAfter(now)) {
            ended = null;
        }
        String state = missed ? "missed" : ended == null ? "answered" : "ended";
        String masked = "13" + Math.floorMod(caller.hashCode(), 10) + "****"
                + String.format("%04d", Math.floorMod(caller.hashCode() / 10, 10_000));
        return new Object[] {city.integration, "bench-" + (nextCall++), caller, masked, state, started, answered,
            ended, orderId, callback};
    }

    /** One order made up, from what it is about to how it went, cut at {@link #now}. */
    private final class Order {
        final long id;
        final Instant created;
        final String channel;
        final String type;
        final String urgency;
        final long category;
        final long area;
        final String address;
        final String content;
        final Long policy;
        final List<Object[]> clocks = new ArrayList<>();
        String status = "CLOSED";
        Long lead;
        Instant signDeadline;
        Instant handleDeadline;
        Instant closed;
        Instant updated;
        int steps = 1;
        int rehandled;
        boolean overdue;

        Order(long id, Instant created, String channel, String type, String urgency, long category, long area,
              String address, String content, Long policy) {
            this.id = id;
            this.created = created;
            this.updated = created;
            this.channel = channel;
            this.type = type;
            this.urgency = urgency;
            this.category = category;
            this.area = area;
            this.address = address;
            this.content = content;
            this.policy = policy;
        }

        /** A step that has happened (by {@link #now}): the order changed then. */
        boolean happened(Instant at) {
            if (at.isAfter(now)) {
                return false;
            }
            steps++;
            if (at.isAfter(updated)) {
                updated = at;
            }
            return true;
        }

        void count(Long unit, Instant at, Count c) {
            if (unit != null && !at.isAfter(now)) {
                DashboardFill.this.count(unit, category, area, at, c);
            }
        }

        Object[] row() {
            orders++;
            if (!"CLOSED".equals(status)) {
                open++;
                if (overdue) {
                    overdueOrders++;
                }
            }
            if (updated.isAfter(newest)) {
                newest = updated;
            }
            return new Object[] {id, OrderNumbers.number(id, created), String.format("%06d", random.nextInt(1_000_000)),
                channel, type, urgency, category, area, address, content, false, status, lead, lead, rehandled, 0,
                false, signDeadline, handleDeadline, created, updated, closed, steps, policy};
        }
    }

    static final List<Field<?>> ORDER_FIELDS = List.of(WORK_ORDER.ID, WORK_ORDER.NUMBER, WORK_ORDER.PICKUP_CODE,
            WORK_ORDER.CHANNEL, WORK_ORDER.TYPE, WORK_ORDER.URGENCY, WORK_ORDER.CATEGORY_ID, WORK_ORDER.AREA_ID,
            WORK_ORDER.ADDRESS, WORK_ORDER.CONTENT, WORK_ORDER.CONFIDENTIAL, WORK_ORDER.STATUS, WORK_ORDER.LEAD_UNIT_ID,
            WORK_ORDER.HANDLER_UNIT_ID, WORK_ORDER.REHANDLE_COUNT, WORK_ORDER.TRANSFER_COUNT,
            WORK_ORDER.EXTENSION_PENDING, WORK_ORDER.SIGN_DEADLINE, WORK_ORDER.HANDLE_DEADLINE, WORK_ORDER.CREATED_AT,
            WORK_ORDER.UPDATED_AT, WORK_ORDER.CLOSED_AT, WORK_ORDER.VERSION, WORK_ORDER.POLICY_ID);
    static final List<Field<?>> CLOCK_FIELDS = List.of(ORDER_CLOCK.ORDER_ID, ORDER_CLOCK.KIND, ORDER_CLOCK.UNIT_ID,
            ORDER_CLOCK.POLICY_ID, ORDER_CLOCK.CALENDAR_TIME, ORDER_CLOCK.STARTED_AT, ORDER_CLOCK.DEADLINE,
            ORDER_CLOCK.BUDGET_SECONDS, ORDER_CLOCK.STATUS, ORDER_CLOCK.WARNED_AT, ORDER_CLOCK.BREACHED_AT,
            ORDER_CLOCK.LEVEL, ORDER_CLOCK.STOPPED_AT, ORDER_CLOCK.OUTCOME);
    static final List<Field<?>> CALL_FIELDS = List.of(CALL_RECORD.INTEGRATION_ID, CALL_RECORD.CALL_ID,
            CALL_RECORD.CALLER_HASH, CALL_RECORD.CALLER_MASKED, CALL_RECORD.STATE, CALL_RECORD.STARTED_AT,
            CALL_RECORD.ANSWERED_AT, CALL_RECORD.ENDED_AT, CALL_RECORD.ORDER_ID, CALL_RECORD.CALLBACK_AT);

    private Order order(long id, Instant created) {
        City.Message m = city.messages.get(random.nextInt(city.messages.size()));
        City.District district = city.pickDistrict(random);
        City.Street street = district.streets().get(random.nextInt(district.streets().size()));
        String place = district.places().get(random.nextInt(district.places().size()));
        String content = (m.place() == null ? m.content() : m.content().replace(m.place(), place))
                + TAILS[random.nextInt(TAILS.length)];
        String address = place + (random.nextInt(10) < 4 ? (1 + random.nextInt(30)) + "栋" + (1 + random.nextInt(4))
                + "单元" : "");
        int r = random.nextInt(100);
        String channel = r < 70 ? "phone" : r < 83 ? "wechat" : r < 92 ? "web" : r < 96 ? "sms" : r < 98 ? "open311"
                : "email";
        r = random.nextInt(100);
        String type = r < 45 ? "complaint" : r < 65 ? "help" : r < 73 ? "report" : r < 80 ? "suggestion" : r < 96
                ? "consultation" : "praise";
        r = random.nextInt(1000);
        String urgency = r < 3 ? "emergency" : r < 28 ? "urgent" : "normal";
        Order o = new Order(id, created, channel, type, urgency, m.categoryId(), street.areaId(), address, content,
                city.policies.get(type + "/" + urgency));
        o.count(city.centre, created, Count.TAKEN);
        // A third of the calls are answered on the spot (直办): most consultations and praise, few complaints.
        boolean direct = random.nextInt(100) < switch (type) {
            case "consultation" -> 90;
            case "praise" -> 80;
            case "suggestion" -> 50;
            case "help" -> 35;
            default -> 15;
        };
        if (direct) {
            Instant answered = created.plusSeconds(120 + random.nextInt(720));
            if (o.happened(answered)) {
                o.count(city.centre, answered, Count.ANSWERED_DIRECTLY);
                o.closed = answered;
            } else {
                o.status = "ACCEPTED";
            }
            return o;
        }
        life(o, m, district, street);
        return o;
    }

    /**
     * Dispatch (now and then to the wrong unit first), sign, reply, now and then a reply sent back, review and
     * callback, each with its clocks and counts, as far as {@link #now}.
     */
    private void life(Order o, City.Message m, City.District district, City.Street street) {
        Policy policy = Policy.defaults(o.type, o.urgency);
        Limit signLimit = policy.limit(ClockKind.SIGN);
        Limit handleLimit = policy.limit(ClockKind.HANDLE);
        Instant t = "normal".equals(o.urgency) ? centreDesk(o.created.plusSeconds(480 + random.nextInt(3000)))
                : o.created.plusSeconds(180 + random.nextInt(720));
        long unit = unitFor(m, district, street);
        if (random.nextInt(1000) < 38) {
            // Sent to the wrong unit first, which returns it: only when that is over by now.
            long wrong = city.wrongUnit(unit, district, random);
            Instant signed = random.nextInt(100) < 60 ? at(t, signLimit, 0.02 + random.nextDouble() * 0.8) : null;
            Instant returned = wt.plusWorkingHours(signed != null ? signed : t,
                    Duration.ofMinutes(20 + random.nextInt(300)));
            Instant again = centreDesk(returned.plusSeconds(900 + random.nextInt(5400)));
            if (!again.isAfter(now)) {
                o.happened(t);
                o.count(wrong, t, Count.RECEIVED);
                Instant sd = signLimit.after(t, wt);
                if (signed != null) {
                    o.happened(signed);
                    stoppedClock(o, "sign", wrong, signLimit, t, sd, signed);
                } else {
                    cancelledClock(o, "sign", wrong, signLimit, t, sd, returned);
                }
                cancelledClock(o, "handle", wrong, handleLimit, t, handleLimit.after(t, wt), returned);
                o.happened(returned);
                o.count(wrong, returned, Count.RETURNED);
                t = again;
            }
        }
        if (!o.happened(t)) {
            o.status = "ACCEPTED";
            return;
        }
        o.lead = unit;
        o.status = "DISPATCHED";
        o.count(unit, t, Count.RECEIVED);
        Profile p = profile(unit, t);
        Instant sd = signLimit.after(t, wt);
        Instant hd = handleLimit.after(t, wt);
        o.signDeadline = sd;
        o.handleDeadline = hd;
        Instant signed = at(t, signLimit, random.nextDouble() < p.sign() ? 0.02 + random.nextDouble() * 0.8
                : 1.05 + random.nextDouble() * random.nextDouble() * 4);
        if (!o.happened(signed)) {
            runningClock(o, "sign", unit, signLimit, t, sd);
            runningClock(o, "handle", unit, handleLimit, t, hd);
            return;
        }
        o.status = "SIGNED";
        stoppedClock(o, "sign", unit, signLimit, t, sd, signed);
        // A few orders get stuck for months (a dispute between units, a missing approval): the long overdue tail.
        boolean stuck = random.nextInt(10_000) < 25;
        Instant replied = later(signed, at(t, handleLimit, stuck ? 2 + exponential(6)
                : replyFraction(random.nextDouble() < p.handle())));
        Instant handleStart = t;
        Instant handleDeadline = hd;
        for (int round = 0; ; round++) {
            if (!o.happened(replied)) {
                runningClock(o, "handle", unit, handleLimit, handleStart, handleDeadline);
                return;
            }
            stoppedClock(o, "handle", unit, handleLimit, handleStart, handleDeadline, replied);
            o.count(unit, replied, Count.REPLIES);
            o.status = "REPLIED";
            if (round == 0 && random.nextDouble() < p.rejected()) {
                Instant rejected = wt.plusWorkingHours(replied, Duration.ofMinutes(30 + random.nextInt(600)));
                if (!o.happened(rejected)) {
                    return;
                }
                o.count(unit, rejected, Count.REHANDLED);
                o.rehandled++;
                o.status = "SIGNED";
                handleStart = rejected;
                handleDeadline = handleLimit.after(rejected, wt);
                o.handleDeadline = handleDeadline;
                replied = later(rejected, at(rejected, handleLimit, replyFraction(random.nextDouble() < p.handle())
                        * 0.5));
                continue;
            }
            Instant reviewed = wt.plusWorkingHours(replied, Duration.ofMinutes(15 + (random.nextInt(100) < 80
                    ? random.nextInt(240) : random.nextInt(900))));
            if (!o.happened(reviewed)) {
                return;
            }
            o.status = "CALLBACK";
            Limit callbackLimit = policy.limit(ClockKind.CALLBACK);
            Instant cd = callbackLimit.after(reviewed, wt);
            Instant called = callbackTime(reviewed);
            if (!o.happened(called)) {
                runningClock(o, "callback", null, callbackLimit, reviewed, cd);
                return;
            }
            String satisfaction = random.nextDouble() < p.satisfied() ? (random.nextInt(100) < 72 ? "satisfied"
                    : "basically_satisfied") : "dissatisfied";
            double resolvedChance = switch (satisfaction) {
                case "satisfied" -> 0.97;
                case "basically_satisfied" -> 0.82;
                default -> 0.3;
            } * p.resolved();
            boolean resolved = random.nextDouble() < Math.min(1, resolvedChance + 0.08);
            o.count(unit, called, Count.RATED);
            if (resolved) {
                o.count(unit, called, Count.RESOLVED);
            }
            if (!"dissatisfied".equals(satisfaction)) {
                o.count(unit, called, Count.SATISFIED);
            }
            if (random.nextInt(100) < 88) {
                o.count(unit, called, Count.CONTACT_RATED);
                if (random.nextDouble() < p.contacted()) {
                    o.count(unit, called, Count.CONTACTED);
                }
            }
            boolean success = resolved && !"dissatisfied".equals(satisfaction);
            if (!success && round == 0 && random.nextInt(100) < 40) {
                // Sent back for re-handling after the callback.
                o.count(unit, called, Count.REHANDLED);
                o.rehandled++;
                o.status = "SIGNED";
                handleStart = called;
                handleDeadline = handleLimit.after(called, wt);
                o.handleDeadline = handleDeadline;
                replied = later(called, at(called, handleLimit, replyFraction(random.nextDouble() < p.handle())
                        * 0.6));
                continue;
            }
            o.status = "CLOSED";
            o.closed = called;
            return;
        }
    }

    /** Where the message's kind of matter goes in this order's place: its street, its district, or a bureau. */
    private long unitFor(City.Message m, City.District district, City.Street street) {
        String kind = m.unitKind();
        int r = random.nextInt(100);
        if ("district_government".equals(kind)) {
            // Matters of the neighbourhood go to the street office where they happened as often as not (街乡吹哨).
            return r < 55 ? street.officeUnitId() : district.governmentUnitId();
        }
        List<Long> extra = city.extra.get(kind);
        if (extra != null && !extra.isEmpty() && r < ("enterprise".equals(kind) ? 50 : 35)) {
            return extra.get(Math.floorMod(Long.hashCode(m.categoryId()) * 7 + random.nextInt(3), extra.size()));
        }
        return m.unitId();
    }

    private void runningClock(Order o, String kind, Long unit, Limit limit, Instant started, Instant deadline) {
        running++;
        boolean late = deadline.isBefore(now);
        if (late && unit != null) {
            o.count(unit, deadline, Count.OVERDUE);
        }
        o.overdue |= late;
        o.clocks.add(clock(o, kind, unit, limit, started, deadline, "running", late ? deadline : null,
                late ? level(o, deadline, now) : 0, null, null, now));
    }

    private void stoppedClock(Order o, String kind, long unit, Limit limit, Instant started, Instant deadline,
                              Instant stopped) {
        boolean late = stopped.isAfter(deadline);
        if (late) {
            o.count(unit, deadline, Count.OVERDUE);
        }
        o.count(unit, stopped, kind.equals("sign") ? late ? Count.SIGN_LATE : Count.SIGN_MET
                : late ? Count.HANDLE_LATE : Count.HANDLE_MET);
        o.clocks.add(clock(o, kind, unit, limit, started, deadline, "stopped", late ? deadline : null,
                late ? level(o, deadline, stopped) : 0, stopped, late ? "late" : "met", stopped));
    }

    private void cancelledClock(Order o, String kind, long unit, Limit limit, Instant started, Instant deadline,
                                Instant stopped) {
        o.clocks.add(clock(o, kind, unit, limit, started, deadline, "stopped", null, 0, stopped, "cancelled",
                stopped));
    }

    private Object[] clock(Order o, String kind, Long unit, Limit limit, Instant started, Instant deadline,
                           String status, Instant breached, int level, Instant stopped, String outcome, Instant end) {
        clocks++;
        Instant warn = started.plusMillis((long) (Duration.between(started, deadline).toMillis() * 0.75));
        return new Object[] {o.id, kind, unit, o.policy, limit.calendarTime(), started, deadline, budget(limit),
            status, warn.isAfter(end) ? null : warn, breached, level, stopped, outcome};
    }

    /** The escalation level a clock past its deadline has reached by {@code at}, by the default chains. */
    private int level(Order o, Instant deadline, Instant at) {
        Duration late = Duration.between(deadline, at);
        if (late.toMinutes() < 10) {
            return 0; // the breach has fired, the first escalation not yet
        }
        return switch (o.urgency) {
            case "emergency" -> late.toMinutes() >= 30 ? 2 : 1;
            case "urgent" -> late.toHours() >= 24 ? 3 : late.toHours() >= 4 ? 2 : 1;
            default -> !at.isBefore(wt.plusWorkingDays(deadline, 3)) ? 3
                    : !at.isBefore(wt.plusWorkingDays(deadline, 1)) ? 2 : 1;
        };
    }

    private long budget(Limit limit) {
        return switch (limit.unit()) {
            case WORKING_MINUTES, MINUTES -> limit.amount() * 60L;
            case WORKING_HOURS, HOURS -> limit.amount() * 3600L;
            case WORKING_DAYS -> limit.amount() * secondsPerDay;
            case DAYS -> limit.amount() * 86_400L;
        };
    }

    /** {@code fraction} of {@code limit} after {@code start}, in the limit's own time (office or calendar). */
    private Instant at(Instant start, Limit limit, double fraction) {
        Duration d = Duration.ofSeconds(Math.max(60, (long) (budget(limit) * fraction)));
        return limit.calendarTime() ? start.plus(d) : wt.plusWorkingHours(start, d);
    }

    private double replyFraction(boolean onTime) {
        return onTime ? 0.08 + 0.9 * Math.pow(random.nextDouble(), 1.6)
                : 1.02 + random.nextDouble() * random.nextDouble() * 0.9;
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static Instant later(Instant notBefore, Instant t) {
        Instant min = notBefore.plusSeconds(300);
        return t.isBefore(min) ? min : t;
    }

    /** The centre's desk works 08:00–21:00 every day: later than that waits for the morning. */
    private Instant centreDesk(Instant t) {
        ZonedDateTime z = t.atZone(ZONE);
        if (z.toLocalTime().isBefore(LocalTime.of(8, 0))) {
            return z.with(LocalTime.of(8, random.nextInt(50))).toInstant();
        }
        if (!z.toLocalTime().isBefore(LocalTime.of(21, 0))) {
            return z.plusDays(1).with(LocalTime.of(8, random.nextInt(50))).toInstant();
        }
        return t;
    }

    /** Callbacks are made 09:00–20:00, mostly within hours of the reply's review, else up to two days on. */
    private Instant callbackTime(Instant approved) {
        int minutes = random.nextInt(100) < 70 ? 30 + random.nextInt(300) : 60 + random.nextInt(40 * 60);
        ZonedDateTime z = approved.plus(Duration.ofMinutes(minutes)).atZone(ZONE);
        if (z.toLocalTime().isBefore(LocalTime.of(9, 0))) {
            z = z.with(LocalTime.of(9, random.nextInt(60)));
        } else if (!z.toLocalTime().isBefore(LocalTime.of(20, 0))) {
            z = z.plusDays(1).with(LocalTime.of(9, random.nextInt(60)));
        }
        return z.toInstant();
    }

    /** A unit's way of working: drawn once per unit, so the rankings differ. */
    private record Profile(double sign, double handle, double satisfied, double resolved, double contacted,
                           double rejected) {
    }

    private final Map<Long, Profile> profiles = new HashMap<>();

    private Profile profile(long unit, Instant at) {
        Profile base = profiles.computeIfAbsent(unit, u -> {
            Random r = new Random(u * 31L + 7);
            double q = r.nextDouble();
            return new Profile(0.84 + 0.15 * mix(q, r), 0.74 + 0.23 * mix(q, r), 0.70 + 0.26 * mix(q, r),
                    0.80 + 0.18 * mix(q, r), 0.82 + 0.17 * mix(q, r), 0.01 + 0.07 * (1 - mix(q, r)));
        });
        // Around the Spring Festival and National Day everybody is a little slower.
        int month = at.atZone(ZONE).getMonthValue();
        double shift = month == 2 || month == 10 ? -0.05 : 0;
        return new Profile(base.sign() + shift, base.handle() + shift, base.satisfied() + shift, base.resolved(),
                base.contacted(), base.rejected());
    }

    private static double mix(double q, Random r) {
        return 0.65 * q + 0.35 * r.nextDouble();
    }

    // --- the aggregates ---------------------------------------------------------------------------------------

    private void count(long unit, long category, long area, Instant at, Count c) {
        LocalDate day = LocalDate.ofInstant(at, ZONE);
        long key = (unit << 42) | (category << 21) | area;
        counts.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(key, k -> new int[Count.values().length])
                [c.ordinal()]++;
    }

    /** Moves the counts of every day before {@code day} into {@code batch}: fine rows and unit × day rows. */
    private void flushBefore(LocalDate day, Batch batch) {
        while (!counts.isEmpty() && counts.firstKey().isBefore(day)) {
            var e = counts.pollFirstEntry();
            LocalDate d = e.getKey();
            long[] keys = e.getValue().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            TreeMap<Long, long[]> perUnit = new TreeMap<>();
            for (long key : keys) {
                int[] v = e.getValue().get(key);
                long unit = key >>> 42;
                Object[] row = new Object[4 + v.length];
                row[0] = unit;
                row[1] = d;
                row[2] = (key >>> 21) & ((1L << 21) - 1);
                row[3] = key & ((1L << 21) - 1);
                long[] sum = perUnit.computeIfAbsent(unit, u -> new long[v.length]);
                for (int i = 0; i < v.length; i++) {
                    row[4 + i] = v[i];
                    sum[i] += v[i];
                }
                batch.fine.add(row);
            }
            perUnit.forEach((unit, v) -> {
                Object[] row = new Object[2 + v.length];
                row[0] = d;
                row[1] = unit;
                for (int i = 0; i < v.length; i++) {
                    row[2 + i] = (int) v[i];
                }
                batch.unitDays.add(row);
            });
            fineRows += keys.length;
            unitDayRows += perUnit.size();
        }
    }

    static List<Field<?>> fineFields() {
        List<Field<?>> f = new ArrayList<>(List.of(ASSESSMENT_DAY.UNIT_ID, ASSESSMENT_DAY.STAT_DATE,
                ASSESSMENT_DAY.CATEGORY_ID, ASSESSMENT_DAY.AREA_ID));
        f.addAll(List.of(ASSESSMENT_DAY.RECEIVED, ASSESSMENT_DAY.SIGN_MET, ASSESSMENT_DAY.SIGN_LATE,
                ASSESSMENT_DAY.HANDLE_MET, ASSESSMENT_DAY.HANDLE_LATE, ASSESSMENT_DAY.RATED,
                ASSESSMENT_DAY.CONTACT_RATED, ASSESSMENT_DAY.CONTACTED, ASSESSMENT_DAY.RESOLVED,
                ASSESSMENT_DAY.SATISFIED, ASSESSMENT_DAY.RETURNED, ASSESSMENT_DAY.REPLIES, ASSESSMENT_DAY.REHANDLED,
                ASSESSMENT_DAY.OVERDUE, ASSESSMENT_DAY.TAKEN, ASSESSMENT_DAY.ANSWERED_DIRECTLY));
        return f;
    }

    static List<Field<?>> unitDayFields() {
        var d = ASSESSMENT_UNIT_DAY;
        return List.of(d.STAT_DATE, d.UNIT_ID, d.RECEIVED, d.SIGN_MET, d.SIGN_LATE, d.HANDLE_MET, d.HANDLE_LATE,
                d.RATED, d.CONTACT_RATED, d.CONTACTED, d.RESOLVED, d.SATISFIED, d.RETURNED, d.REPLIES, d.REHANDLED,
                d.OVERDUE, d.TAKEN, d.ANSWERED_DIRECTLY);
    }

    // --- writing ----------------------------------------------------------------------------------------------

    private void write(Batch b) {
        insert(WORK_ORDER, ORDER_FIELDS, b.orders);
        insert(ORDER_CLOCK, CLOCK_FIELDS, b.clocks);
        insert(CALL_RECORD, CALL_FIELDS, b.calls);
        insert(ASSESSMENT_DAY, fineFields(), b.fine);
        insert(ASSESSMENT_UNIT_DAY, unitDayFields(), b.unitDays);
    }

    /** Inserts {@code rows}, 5,000 a transaction, each retried on a new connection if the connection broke. */
    private void insert(Table<?> table, List<Field<?>> fields, List<Object[]> rows) {
        for (int i = 0; i < rows.size(); i += 5000) {
            List<Object[]> chunk = rows.subList(i, Math.min(rows.size(), i + 5000));
            for (int attempt = 1; ; attempt++) {
                try {
                    db.transaction(dsl -> {
                        Query q = dsl.insertInto(table(table), fields).values(new Object[fields.size()]);
                        return Bulk.run(dsl, q, chunk);
                    });
                    break;
                } catch (org.jooq.exception.DataAccessException e) {
                    if (attempt >= 3 || !connectionLost(e)) {
                        throw e;
                    }
                    out.println("  connection lost while writing " + table.getName() + " (" + e.getMessage()
                            + "): again on a new connection");
                    sleep(2000);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends org.jooq.Record> Table<R> table(Table<?> t) {
        return (Table<R>) t;
    }

    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLNonTransientConnectionException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || (t instanceof java.sql.SQLException s && s.getSQLState() != null
                    && s.getSQLState().startsWith("08"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- the city ---------------------------------------------------------------------------------------------

    /** The demo city and its extra districts, street offices, bureaus and enterprises, by id. */
    private final class City {
        record Message(String content, String place, long categoryId, long unitId, String unitKind) {
        }

        record Street(long areaId, long officeUnitId) {
        }

        record District(String name, long areaId, long governmentUnitId, List<Street> streets, List<String> places) {
        }

        final List<Message> messages = new ArrayList<>();
        final List<District> districts = new ArrayList<>();
        final Map<String, List<Long>> extra = new HashMap<>();
        final Map<String, Long> policies = new HashMap<>();
        final List<Long> bureaus = new ArrayList<>();
        long centre;
        long integration;
        int assessed;
        private double[] cumulative;

        void load() {
            JsonObject demo = new JsonObject(resource("demo/orders.json"));
            JsonObject places = demo.getJsonObject("places");
            Instant at = now;
            db.transaction(dsl -> {
                addExtraUnits(dsl, at);
                integration = dsl.insertInto(CTI_INTEGRATION).set(CTI_INTEGRATION.NAME, "bench-pbx")
                        .set(CTI_INTEGRATION.TOKEN_HASH, HexFormat.of().formatHex(new byte[32]).replace('0', 'b'))
                        .set(CTI_INTEGRATION.CREATED_AT, at).returning(CTI_INTEGRATION.ID).fetchOne()
                        .getId();
                return null;
            });
            DSLContext dsl = db.dsl();
            Map<String, Long> categories = new HashMap<>();
            dsl.select(CATEGORY.CODE, CATEGORY.ID).from(CATEGORY).forEach(r -> categories.put(r.value1(), r.value2()));
            Map<String, Long> unitIds = new HashMap<>();
            Map<Long, String> kinds = new HashMap<>();
            Map<Long, Long> officeOfArea = new HashMap<>();
            Map<Long, Long> governmentOfArea = new HashMap<>();
            dsl.select(UNIT.CODE, UNIT.ID, UNIT.KIND, UNIT.AREA_ID).from(UNIT).forEach(r -> {
                unitIds.put(r.value1(), r.value2());
                kinds.put(r.value2(), r.value3());
                if ("street_office".equals(r.value3()) && r.value4() != null) {
                    officeOfArea.put(r.value4(), r.value2());
                }
                if ("district_government".equals(r.value3()) && r.value4() != null) {
                    governmentOfArea.put(r.value4(), r.value2());
                }
                if ("center".equals(r.value3())) {
                    centre = r.value2();
                }
                if (List.of("district_government", "street_office", "city_bureau", "enterprise")
                        .contains(r.value3())) {
                    assessed++;
                }
                if (r.value1().startsWith("bench-")) {
                    extra.computeIfAbsent(r.value3(), k -> new ArrayList<>()).add(r.value2());
                }
                if ("city_bureau".equals(r.value3())) {
                    bureaus.add(r.value2());
                }
            });
            dsl.select(SLA_POLICY.ORDER_TYPE, SLA_POLICY.URGENCY, SLA_POLICY.ID).from(SLA_POLICY)
                    .where(SLA_POLICY.CATEGORY_ID.eq(0L)).and(SLA_POLICY.SUPERSEDED_AT.isNull())
                    .forEach(r -> policies.put(r.value1() + "/" + r.value2(), r.value3()));
            // Districts: the demo's four with their places, and the extra ones with places named here.
            var districtRows = dsl.select(AREA.ID, AREA.NAME).from(AREA).where(AREA.LEVEL.eq("district"))
                    .orderBy(AREA.ID).fetch();
            Map<Long, List<Street>> streets = new HashMap<>();
            dsl.select(AREA.ID, AREA.PARENT_ID).from(AREA).where(AREA.LEVEL.eq("street")).orderBy(AREA.ID)
                    .forEach(r -> {
                        Long office = officeOfArea.get(r.value1());
                        if (office != null) {
                            streets.computeIfAbsent(r.value2(), k -> new ArrayList<>())
                                    .add(new Street(r.value1(), office));
                        }
                    });
            List<String> allDemoPlaces = new ArrayList<>();
            for (var r : districtRows) {
                List<String> own = new ArrayList<>();
                JsonArray demoPlaces = places.getJsonArray(r.value2());
                if (demoPlaces != null) {
                    demoPlaces.forEach(p -> own.add((String) p));
                    allDemoPlaces.addAll(own);
                } else {
                    Random pr = new Random(r.value1());
                    for (int i = 0; i < 30; i++) {
                        own.add(WORDS[pr.nextInt(WORDS.length)] + PLACE_KINDS[pr.nextInt(PLACE_KINDS.length)]);
                    }
                }
                List<Street> s = streets.getOrDefault(r.value1(), List.of());
                Long government = governmentOfArea.get(r.value1());
                if (!s.isEmpty() && government != null) {
                    districts.add(new District(r.value2(), r.value1(), government, s, own));
                }
            }
            // More people where there are more streets.
            cumulative = new double[districts.size()];
            double sum = 0;
            for (int i = 0; i < districts.size(); i++) {
                sum += districts.get(i).streets().size();
                cumulative[i] = sum;
            }
            for (String line : resource("demo/dispatch-dev.jsonl").split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject m = new JsonObject(line);
                Long category = categories.get(m.getString("category"));
                Long unit = unitIds.get(m.getString("unit"));
                if (category == null || unit == null) {
                    continue;
                }
                String content = m.getString("content");
                String place = null;
                for (String p : allDemoPlaces) {
                    if (content.contains(p) && (place == null || p.length() > place.length())) {
                        place = p;
                    }
                }
                messages.add(new Message(content, place, category, unit, kinds.get(unit)));
            }
        }

        District pickDistrict(Random r) {
            double x = r.nextDouble() * cumulative[cumulative.length - 1];
            for (int i = 0; i < cumulative.length; i++) {
                if (x < cumulative[i]) {
                    return districts.get(i);
                }
            }
            return districts.getLast();
        }

        /** Where a misdirected order went first: a local matter to a bureau, a bureau's to the district. */
        long wrongUnit(long right, District district, Random r) {
            long other = r.nextBoolean() ? district.governmentUnitId() : bureaus.get(r.nextInt(bureaus.size()));
            return other == right ? bureaus.get(r.nextInt(bureaus.size())) : other;
        }

        /** Districts with their street areas and offices, bureaus and enterprises, named like real ones. */
        private void addExtraUnits(DSLContext dsl, Instant at) {
            Long cityArea = dsl.select(AREA.PARENT_ID).from(AREA).where(AREA.LEVEL.eq("district")).limit(1)
                    .fetchOptional(AREA.PARENT_ID).orElse(null);
            for (int d = 0; d < settings.extraDistricts(); d++) {
                String name = DISTRICTS[d % DISTRICTS.length] + (d < DISTRICTS.length ? "" : Integer.toString(d));
                String areaCode = String.format("JC%02d", 5 + d);
                long districtArea = dsl.insertInto(AREA).set(AREA.PARENT_ID, cityArea).set(AREA.CODE, areaCode)
                        .set(AREA.NAME, name).set(AREA.LEVEL, "district").set(AREA.SORT_ORDER, 5 + d)
                        .returning(AREA.ID).fetchOne().getId();
                String unitCode = String.format("bench-d%02d", d + 1);
                long government = dsl.insertInto(UNIT).set(UNIT.CODE, unitCode)
                        .set(UNIT.NAME, "江城市" + name + "人民政府").set(UNIT.KIND, "district_government")
                        .set(UNIT.AREA_ID, districtArea).set(UNIT.SORT_ORDER, 100 + d).set(UNIT.CREATED_AT, at)
                        .returning(UNIT.ID).fetchOne().getId();
                for (int s = 0; s < settings.streetsPerDistrict(); s++) {
                    String street = WORDS[s % WORDS.length] + (s < WORDS.length ? "" : Integer.toString(s)) + "街道";
                    long streetArea = dsl.insertInto(AREA).set(AREA.PARENT_ID, districtArea)
                            .set(AREA.CODE, areaCode + String.format("%02d", s + 1)).set(AREA.NAME, street)
                            .set(AREA.LEVEL, "street").set(AREA.SORT_ORDER, s + 1).returning(AREA.ID).fetchOne()
                            .getId();
                    dsl.insertInto(UNIT).set(UNIT.PARENT_ID, government)
                            .set(UNIT.CODE, unitCode + String.format("-s%02d", s + 1))
                            .set(UNIT.NAME, name + street + "办事处").set(UNIT.KIND, "street_office")
                            .set(UNIT.AREA_ID, streetArea).set(UNIT.SORT_ORDER, s + 1).set(UNIT.CREATED_AT, at)
                            .execute();
                }
            }
            for (int b = 0; b < settings.extraBureaus(); b++) {
                dsl.insertInto(UNIT).set(UNIT.CODE, String.format("bench-b%02d", b + 1))
                        .set(UNIT.NAME, "江城市" + BUREAUS[b % BUREAUS.length] + (b < BUREAUS.length ? "" : "（" + b + "）"))
                        .set(UNIT.KIND, "city_bureau").set(UNIT.SORT_ORDER, 200 + b).set(UNIT.CREATED_AT, at)
                        .execute();
            }
            for (int e = 0; e < settings.extraEnterprises(); e++) {
                String where = DISTRICTS[(e / ENTERPRISES.length) % DISTRICTS.length];
                dsl.insertInto(UNIT).set(UNIT.CODE, String.format("bench-e%02d", e + 1))
                        .set(UNIT.NAME, String.format(ENTERPRISES[e % ENTERPRISES.length], where)
                                + (e < ENTERPRISES.length * DISTRICTS.length ? "" : "（" + e + "）"))
                        .set(UNIT.KIND, "enterprise").set(UNIT.SORT_ORDER, 300 + e).set(UNIT.CREATED_AT, at)
                        .execute();
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = DashboardFill.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
