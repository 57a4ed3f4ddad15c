package org.hotline.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hotline.citizen.CitizenRepository;
import org.hotline.citizen.PiiCipher;
import org.hotline.db.Database;
import org.hotline.reference.ReferenceCache;
import org.hotline.sla.CalendarStore;
import org.hotline.sla.ClockKind;
import org.hotline.sla.Limit;
import org.hotline.sla.OfficeHours;
import org.hotline.sla.Policy;
import org.hotline.sla.WorkingTime;
import org.hotline.workorder.HistoryImport;
import org.hotline.workorder.OrderNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo centre's past: a year of closed orders before the demo's live ones, brought in through the same import a
 * real centre uses for its history, each with its handling record — dispatch, sign, reply, review, callback, now and
 * then a return, a reply sent back or a deadline missed — so that the desk's similar-order warnings and dispatch
 * suggestions have something to learn from, and the leadership's rankings, dashboards and hotspots have months to
 * compare. The messages are the development set written for 江城市 (each with its category and unit) and the live
 * generator's templates with their replies.
 *
 * <p>The year is shaped like a hotline's: busier on Mondays, quieter at weekends and over the holidays, more calls in
 * summer; heating complaints in winter, power and water in the heat, school places before September. Each unit
 * handles its orders in its own way (how fast it signs and replies, how satisfied callers are), some getting better
 * over the year and some worse, the utilities struggling in their season — so the months rank differently.
 */
final class DemoHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DemoHistory.class);
    static final String MESSAGES = "demo/dispatch-dev.jsonl";
    private static final ZoneId ZONE = OrderNumbers.ZONE;
    private static final Map<String, String> DISTRICT_UNITS = Map.of("江北区", "jiangbei", "江南区", "jiangnan",
            "青山区", "qingshan", "临湖区", "linhu");
    /** How often (in percent) a matter goes straight to the street office of the place rather than as catalogued. */
    private static final Map<String, Integer> LOCAL = Map.ofEntries(Map.entry("物业管理", 80), Map.entry("噪声污染", 75),
            Map.entry("市容秩序", 80), Map.entry("违法建设", 80), Map.entry("环境卫生", 80), Map.entry("市政设施", 50),
            Map.entry("老旧小区改造", 50), Map.entry("社会救助", 50), Map.entry("养老服务", 50),
            Map.entry("农村管理", 60), Map.entry("房屋租赁", 40), Map.entry("园林绿化", 40), Map.entry("停车管理", 30));
    /** Bureaus an order meant for another is now and then sent to first. */
    private static final String[] BUREAUS = {"cgj", "zjj", "scjgj", "sthjj", "fgj", "jtysj", "gaj"};
    private static final String[] GENERIC_REPLIES = {
        "经%s现场核实，来电反映情况属实，已责成相关责任方限期整改，整改完成后复查确认。已电话告知来电人处理结果，来电人表示认可。",
        "%s已受理并安排专人跟进，依据相关规定作出处理，处理情况已于3个工作日内电话答复来电人。",
        "经%s调查核实，已协调相关单位解决，后续将持续跟踪。已向来电人反馈，来电人对处理结果表示满意。",
        "%s收到工单后及时联系来电人了解情况，现场查看并依法依规处理，已将处理意见答复来电人。"
    };
    private static final String[] DIRECT_ANSWERS = {
        "话务员根据知识库向来电人解答了相关政策规定及办理流程，来电人表示清楚。",
        "已向来电人告知办理地点、所需材料和咨询电话，来电人表示满意。",
        "经查询知识库，已向来电人详细解释相关规定，来电人表示理解。",
        "已将来电人的意见建议记录在案，并告知其相关部门的联系方式。"
    };
    private static final String[] RETURN_TEXTS = {
        "经核实，该事项不属于本单位职责范围，请中心重新派单。",
        "经现场核实，反映地点不在本单位辖区，请中心核实后重新派单。",
        "该诉求涉及的事项由其他部门主管，本单位无执法权限，申请退回。"
    };
    private static final String[] REJECT_REASONS = {
        "答复未说明具体处理结果，请补充。",
        "未与来电人联系核实，请联系来电人后重新答复。",
        "答复内容与来电诉求不对应，请重新办理。"
    };
    /** Calls per hour of the day (relative): a hotline answers day and night, mostly in office hours. */
    private static final double[] HOURS = {0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 4, 7, 7.5, 6, 4, 4.5, 6.5, 7, 6.5,
        5, 3.5, 3.5, 3.5, 2.5, 1.5, 0.8};
    /** Orders per day by day of the week (relative), Monday first: the weekend's problems arrive on Monday. */
    private static final double[] WEEKDAYS = {1.14, 1.06, 1.04, 1.02, 1.0, 0.78, 0.72};

    private final Database db;
    private final JsonObject city;
    private final JsonObject templates;
    private final PiiCipher cipher;
    private final Random random = new Random(20261125);
    /** Street area code → the street office's unit code. */
    private final Map<String, String> offices;

    DemoHistory(Database db, JsonObject city, JsonObject templates, PiiCipher cipher) {
        this.db = db;
        this.cipher = cipher;
        this.city = city;
        this.templates = templates;
        this.offices = streetOffices(city.getJsonArray("units"), new HashMap<>());
    }

    /** What one historical order is about and who finally handled it (null: answered on the spot). */
    private record Seed(Instant created, String content, String category, String unit, String place,
                        String district, String street, String type, String urgency, String secondLevel,
                        String reply) {
    }

    /**
     * Starts making up {@code count} closed orders created between {@code from} and {@code to} (all closed by {@code
     * now}), on a thread of its own, while the caller goes on; {@link Feed#importAll} then imports them.
     */
    Feed start(int count, Instant from, Instant to, Instant now) {
        Feed feed = new Feed(count, from, to, now);
        feed.thread.start();
        return feed;
    }

    /** Imports {@code count} closed orders created between {@code from} and {@code to}, all closed by {@code now}. */
    int load(int count, Instant from, Instant to, Instant now) {
        return start(count, from, to, now).importAll();
    }

    /**
     * The history on its way in: one thread makes the orders up and checks them (the import's own parse), a chunk
     * at a time, while the caller's thread writes the chunk before — each chunk in a transaction of its own, as a
     * centre would send its history in requests of up to {@link HistoryImport#MAX_ORDERS}.
     */
    final class Feed {
        private static final Object END = new Object();
        private final int count;
        private final Instant from;
        private final Instant to;
        private final Instant now;
        private final java.util.concurrent.BlockingQueue<Object> chunks =
                new java.util.concurrent.ArrayBlockingQueue<>(2);
        private final java.util.concurrent.CompletableFuture<ReferenceCache.Snapshot> reference =
                new java.util.concurrent.CompletableFuture<>();
        private final Thread thread;
        private final long started = System.nanoTime();
        private volatile long making;

        Feed(int count, Instant from, Instant to, Instant now) {
            this.count = count;
            this.from = from;
            this.to = to;
            this.now = now;
            this.thread = new Thread(this::make, "demo-history");
            this.thread.setDaemon(true);
        }

        /** Stops making orders up (the load failed before they were wanted). */
        void cancel() {
            thread.interrupt();
        }

        /** Imports every chunk as it comes; answers how many orders were imported. */
        int importAll() {
            // The city is in by now: the import checks against it.
            reference.complete(new ReferenceCache(db).get());
            ReferenceCache.Snapshot ref = reference.join();
            HistoryImport history = new HistoryImport(new CitizenRepository(cipher));
            int imported = 0;
            try {
                while (true) {
                    Object next = chunks.take();
                    if (next == END) {
                        break;
                    }
                    if (next instanceof RuntimeException e) {
                        throw e;
                    }
                    if (next instanceof Error e) {
                        throw e;
                    }
                    @SuppressWarnings("unchecked")
                    List<HistoryImport.Entry> entries = (List<HistoryImport.Entry>) next;
                    imported += db.transaction(dsl -> history.write(dsl, entries, ref, null, now).imported());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while importing the demo history", e);
            } finally {
                thread.interrupt();
            }
            LOG.info("Demo history imported: {} closed orders over {} days, with their timelines, in {} ms ({} ms of "
                            + "it making them up, alongside)", imported, Duration.between(from, to).toDays(),
                    (System.nanoTime() - started) / 1_000_000, making / 1_000_000);
            return imported;
        }

        private void make() {
            long t0 = System.nanoTime();
            try {
                WorkingTime wt = new CalendarStore(db, OfficeHours.DEFAULT).workingTime();
                List<String> callers = callers(count);
                List<Seed> seeds = seeds(wt);
                Lives lives = new Lives(wt, to, now, districts());
                // The old system's numbers: 江城 (JC), the day, the day's running number.
                Map<LocalDate, Integer> perDay = new HashMap<>();
                java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd");
                HistoryImport history = new HistoryImport(new CitizenRepository(cipher));
                for (int at = 0; at < seeds.size(); at += HistoryImport.MAX_ORDERS) {
                    List<Object> orders = new ArrayList<>();
                    for (Seed s : seeds.subList(at, Math.min(seeds.size(), at + HistoryImport.MAX_ORDERS))) {
                        LocalDate d = s.created().atZone(ZONE).toLocalDate();
                        int n = perDay.merge(d, 1, Integer::sum);
                        orders.add(lives.order(s, callers).put("number", "JC" + day.format(d)
                                + (n < 10 ? "000" : n < 100 ? "00" : n < 1000 ? "0" : "") + n));
                    }
                    making += System.nanoTime() - t0;
                    // Checked against the city, once it is in.
                    ReferenceCache.Snapshot ref = reference.get();
                    t0 = System.nanoTime();
                    List<HistoryImport.Entry> entries = history.parse(orders, ref, false, now);
                    making += System.nanoTime() - t0;
                    chunks.put(entries);
                    t0 = System.nanoTime();
                }
                chunks.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error | java.util.concurrent.ExecutionException e) {
                try {
                    chunks.put(e instanceof java.util.concurrent.ExecutionException x
                            ? new IllegalStateException(x.getCause()) : e);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Callers' phone numbers, half as many as orders: some call more than once. */
        private List<String> callers(int orders) {
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < Math.max(1, orders / 2); i++) {
                phones.add("13" + (random.nextInt(9) + 1)
                        + Integer.toString(100_000_000 + random.nextInt(100_000_000)).substring(1));
            }
            return phones;
        }

        /** What each order is about, when it came and who finally handled it; in time order. */
        private List<Seed> seeds(WorkingTime wt) {
            Map<String, String> leafCodes = new HashMap<>();
            Map<String, String> secondLevelOfLeaf = new HashMap<>();
            walk(city.getJsonArray("categories"), null, leafCodes, secondLevelOfLeaf);
            JsonObject rules = city.getJsonObject("catalogue").getJsonObject("rules");
            String fallback = city.getJsonObject("catalogue").getString("fallback");
            JsonObject places = templates.getJsonObject("places");
            Map<String, String> districtOfPlace = new HashMap<>();
            places.forEach(e -> ((JsonArray) e.getValue()).forEach(p -> districtOfPlace.put((String) p, e.getKey())));
            Map<String, List<String>> streets = streets();
            Map<String, List<String>> repliesByLeaf = new HashMap<>();
            templates.getJsonArray("templates").forEach(o -> {
                JsonObject t = (JsonObject) o;
                repliesByLeaf.computeIfAbsent(t.getString("leaf"), k -> new ArrayList<>())
                        .addAll(t.getJsonArray("replies", new JsonArray()).stream().map(String::valueOf).toList());
            });
            Map<String, String> leafNameByCode = new HashMap<>();
            leafCodes.forEach((name, code) -> leafNameByCode.put(code, name));
            List<Instant> times = times(count, from, to, wt);

            List<Seed> seeds = new ArrayList<>(count);
            // The development messages first, each once, with their own category and unit.
            for (String line : messages()) {
                if (seeds.size() >= count) {
                    break;
                }
                JsonObject m = new JsonObject(line);
                String place = placeIn(m.getString("content"), districtOfPlace);
                String district = place == null ? null : districtOfPlace.get(place);
                String leaf = leafNameByCode.get(m.getString("category"));
                String street = street(district, streets);
                String type = pick(new String[] {"complaint", "complaint", "complaint", "complaint", "help", "help",
                    "report", "suggestion", "consultation"});
                seeds.add(new Seed(times.get(seeds.size()), m.getString("content"), m.getString("category"),
                        m.getString("unit"), place, district, street, type, "normal", secondLevelOfLeaf.get(leaf),
                        reply(leaf, m.getString("unit"), repliesByLeaf)));
            }
            // Then the live generator's templates, at the demo city's places, in their season, until there are enough.
            JsonArray all = templates.getJsonArray("templates");
            List<String> districts = districts();
            while (seeds.size() < count) {
                Instant created = times.get(seeds.size());
                JsonObject t = all.getJsonObject(random.nextInt(all.size()));
                String code = leafCodes.get(t.getString("leaf"));
                String second = secondLevelOfLeaf.get(t.getString("leaf"));
                int month = created.atZone(ZONE).getMonthValue();
                if (code == null || random.nextDouble() * 4 > season(second, month)) {
                    continue;
                }
                String district = districts.get(random.nextInt(districts.size()));
                JsonArray ps = places.getJsonArray(district);
                String place = ps.getString(random.nextInt(ps.size()));
                JsonArray texts = t.getJsonArray("texts");
                String text = texts.getString(random.nextInt(texts.size())).replace("{place}", place);
                String type = t.getString("type");
                String street = street(district, streets);
                String unit;
                // A third of the calls are answered on the spot (直办), from the knowledge base: most consultations,
                // much of the praise and suggestions, some requests for help and even complaints; the rest go to a
                // unit.
                boolean direct = random.nextInt(100) < switch (type) {
                    case "consultation" -> 90;
                    case "praise" -> 80;
                    case "suggestion" -> 50;
                    case "help" -> 35;
                    default -> 15;
                };
                if (direct) {
                    unit = null;
                } else {
                    String rule = rules.getString(second, fallback);
                    // Matters of the neighbourhood go to the street office where it happened (街乡吹哨) as often
                    // as not; the rest as the catalogue says, "district" meaning the district government.
                    String office = offices.get(street);
                    if (office != null && random.nextInt(100) < LOCAL.getOrDefault(second, 0)) {
                        unit = office;
                    } else {
                        unit = "district".equals(rule) ? DISTRICT_UNITS.get(district) : rule;
                    }
                }
                seeds.add(new Seed(created, text, code, unit, place, district, street, type,
                        t.getString("urgency", "normal"), second, unit == null
                        ? DIRECT_ANSWERS[random.nextInt(DIRECT_ANSWERS.length)] : reply(t.getString("leaf"), unit,
                        repliesByLeaf)));
            }
            seeds.sort(java.util.Comparator.comparing(Seed::created));
            return seeds;
        }
    }

    /**
     * When the orders came in: so many a day by the day of the week, the season and the holidays, spread over the
     * day as calls are, in random order (the first go to the development messages, wherever they fall).
     */
    private List<Instant> times(int count, Instant from, Instant to, WorkingTime wt) {
        LocalDate first = from.atZone(ZONE).toLocalDate();
        LocalDate last = to.atZone(ZONE).toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            double w = WEEKDAYS[d.getDayOfWeek().getValue() - 1];
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!wt.calendar().isWorkingDay(d) && !weekend) {
                w = 0.62; // a public holiday
            } else if (wt.calendar().isWorkingDay(d) && weekend) {
                w = 1.0; // a make-up working day
            }
            // More calls in the summer heat, fewest in spring and autumn.
            w *= 1 + 0.13 * Math.cos(2 * Math.PI * (d.getDayOfYear() - 200) / 365.0);
            // The first and last days count for the part of their calls that falls within the period.
            w *= share(d, from, to);
            days.add(d);
            weights.add(w);
            total += w;
        }
        List<Instant> out = new ArrayList<>(count);
        double carry = 0;
        for (int i = 0; i < days.size() && out.size() < count; i++) {
            carry += count * weights.get(i) / total;
            int n = (int) Math.round(carry);
            carry -= n;
            for (int k = 0; k < n && out.size() < count; k++) {
                Instant t;
                do {
                    t = days.get(i).atTime(hour(), random.nextInt(60), random.nextInt(60)).atZone(ZONE).toInstant();
                } while (t.isBefore(from) || !t.isBefore(to));
                out.add(t);
            }
        }
        while (out.size() < count) {
            out.add(to.minusSeconds(1 + random.nextInt(3600)));
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }

    /** The share of a day's calls (by the hour) that falls between {@code from} and {@code to}. */
    private static double share(LocalDate day, Instant from, Instant to) {
        double all = 0;
        double within = 0;
        for (int h = 0; h < HOURS.length; h++) {
            Instant start = day.atTime(h, 0).atZone(ZONE).toInstant();
            Instant end = start.plus(Duration.ofHours(1));
            long seconds = Math.max(0, Math.min(end.getEpochSecond(), to.getEpochSecond())
                    - Math.max(start.getEpochSecond(), from.getEpochSecond()));
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

    /** How much more (or less) a kind of matter is heard of in a month, out of 4 at most. */
    private static double season(String secondLevel, int month) {
        if (secondLevel == null) {
            return 1;
        }
        boolean winter = month == 12 || month <= 2;
        boolean summer = month == 7 || month == 8;
        return switch (secondLevel) {
            case "供暖" -> month >= 11 || month <= 3 ? 4 : month == 10 || month == 4 ? 1 : 0.15;
            case "供电" -> summer ? 2.2 : month == 6 || month == 9 ? 1.4 : winter ? 1.3 : 1;
            case "供水" -> summer ? 1.7 : winter ? 1.3 : 1;
            case "燃气" -> winter ? 1.6 : 1;
            case "噪声污染" -> month >= 5 && month <= 9 ? 1.5 : 1;
            case "大气污染" -> winter || month == 11 ? 1.5 : 1;
            case "招生入学" -> month >= 6 && month <= 8 ? 3 : month == 9 ? 2 : 0.4;
            case "劳动关系" -> month == 1 || month == 2 ? 2.2 : month == 12 ? 1.7 : 1;
            case "旅游市场" -> month == 5 || month == 10 ? 2.2 : summer ? 1.6 : 0.8;
            case "园林绿化" -> month >= 4 && month <= 9 ? 1.4 : 0.8;
            default -> 1;
        };
    }

    /**
     * How a unit handles its orders at a time of the year: chances of signing and replying on time, of a satisfied
     * and resolved callback, of getting in touch with the caller, of a reply sent back by review.
     */
    private record Profile(double sign, double handle, double satisfied, double resolved, double contacted,
                           double rejected, double trend, String peak) {
    }

    /** Orders' lives, one after another, each from its seed. */
    private final class Lives {
        private final WorkingTime wt;
        private final Instant end;
        private final List<String> districts;
        private final Map<String, Profile> profiles = new HashMap<>();
        private final Instant yearStart;
        /** Every life is over by then (an hour before now). */
        private final Instant latest;

        Lives(WorkingTime wt, Instant end, Instant now, List<String> districts) {
            this.wt = wt;
            this.end = end;
            this.districts = districts;
            this.yearStart = end.minus(Duration.ofDays(365));
            this.latest = now.minus(Duration.ofHours(1));
        }

        JsonObject order(Seed s, List<String> callers) {
            JsonObject o = new JsonObject().put("createdAt", s.created()).put("content", s.content())
                    .put("category", s.category()).put("reply", s.reply()).put("type", s.type())
                    .put("urgency", s.urgency()).put("channel", random.nextInt(100) < 72 ? "phone"
                            : random.nextBoolean() ? "wechat" : "web");
            if (s.place() != null) {
                o.put("address", s.place());
            }
            if (s.street() != null) {
                o.put("area", s.street());
            }
            if (random.nextInt(100) < 70) {
                o.put("phone", callers.get(random.nextInt(callers.size())));
            }
            JsonArray steps = new JsonArray();
            if (s.unit() == null) {
                steps.add(step("answer-directly", s.created().plus(Duration.ofMinutes(2 + random.nextInt(12)))));
            } else {
                life(s, steps, false);
                if (((JsonObject) steps.getValue(steps.size() - 1)).getInstant("at").isAfter(latest)) {
                    // A long life of one of the last orders would not be over yet: it went smoothly instead.
                    steps.clear();
                    life(s, steps, true);
                }
            }
            o.put("steps", steps);
            return o;
        }

        /**
         * Dispatch (now and then to the wrong unit first), sign, reply, review and callback, in working time;
         * {@code smooth}: all on time, nothing sent back.
         */
        private void life(Seed s, JsonArray steps, boolean smooth) {
            Policy policy = Policy.defaults(s.type(), s.urgency());
            // Urgent matters go out at once, day or night; the rest when the dispatchers' desk is staffed.
            Instant t = "normal".equals(s.urgency()) ? centre(s.created().plus(Duration.ofMinutes(8
                    + random.nextInt(50)))) : s.created().plus(Duration.ofMinutes(3 + random.nextInt(12)));
            if (!smooth && random.nextInt(1000) < 38) {
                String[] wrong = wrongUnit(s);
                steps.add(dispatch(wrong[0], t, policy));
                Instant signed = null;
                if (random.nextInt(100) < 60) {
                    signed = at(t, policy.limit(ClockKind.SIGN), random.nextDouble() * 0.8);
                    steps.add(step("sign", signed));
                }
                Instant returned = wt.plusWorkingHours(signed != null ? signed : t,
                        Duration.ofMinutes(20 + random.nextInt(300)));
                steps.add(step("return", returned).put("reason", wrong[1])
                        .put("text", RETURN_TEXTS[random.nextInt(RETURN_TEXTS.length)]));
                t = centre(returned.plus(Duration.ofMinutes(15 + random.nextInt(90))));
            }
            steps.add(dispatch(s.unit(), t, policy));
            Profile p = profile(s.unit(), t);
            boolean signOnTime = smooth || random.nextDouble() < p.sign();
            Instant signed = at(t, policy.limit(ClockKind.SIGN), signOnTime ? 0.02 + random.nextDouble() * 0.8
                    : 1.05 + random.nextDouble() * random.nextDouble() * 4);
            steps.add(step("sign", signed));
            Limit handle = policy.limit(ClockKind.HANDLE);
            Instant replied = later(signed, at(t, handle, replyFraction(smooth || random.nextDouble() < p.handle())));
            steps.add(step("reply", replied));
            for (int round = 0; ; round++) {
                if (!smooth && random.nextDouble() < p.rejected() && round == 0) {
                    Instant rejected = wt.plusWorkingHours(replied, Duration.ofMinutes(30 + random.nextInt(600)));
                    steps.add(step("reject-reply", rejected).put("reason",
                            REJECT_REASONS[random.nextInt(REJECT_REASONS.length)])
                            .put("handleDeadline", handle.after(rejected, wt)));
                    replied = later(rejected, at(rejected, handle, replyFraction(random.nextDouble() < p.handle())
                            * 0.5));
                    steps.add(step("reply", replied));
                }
                // The centre reviews the reply (the old system kept only the reviews that sent a reply back), then
                // calls the citizen back.
                Instant reviewed = wt.plusWorkingHours(replied, Duration.ofMinutes(15 + (random.nextInt(100) < 80
                        ? random.nextInt(240) : random.nextInt(900))));
                Instant called = callbackTime(reviewed);
                double r = random.nextDouble();
                String satisfaction = r < p.satisfied() ? (random.nextInt(100) < 72 ? "satisfied"
                        : "basically_satisfied") : "dissatisfied";
                double resolvedChance = switch (satisfaction) {
                    case "satisfied" -> 0.97;
                    case "basically_satisfied" -> 0.82;
                    default -> 0.3;
                } * p.resolved();
                boolean resolved = random.nextDouble() < Math.min(1, resolvedChance + 0.08);
                JsonObject callback = step("callback", called).put("resolved", resolved)
                        .put("satisfaction", satisfaction);
                if (random.nextInt(100) < 88) {
                    callback.put("contacted", random.nextDouble() < p.contacted());
                }
                boolean success = resolved && !"dissatisfied".equals(satisfaction);
                if (!smooth && !success && round == 0 && random.nextInt(100) < 40) {
                    callback.put("rehandle", true).put("note", "来电人表示问题未解决，要求重新办理。")
                            .put("handleDeadline", handle.after(called, wt));
                    steps.add(callback);
                    replied = later(called, at(called, handle, replyFraction(random.nextDouble() < p.handle())
                            * 0.6));
                    steps.add(step("reply", replied));
                    continue;
                }
                if (!success) {
                    callback.put("note", "市民对处理结果不满意，经解释后同意办结。");
                }
                steps.add(callback);
                return;
            }
        }

        private JsonObject dispatch(String unit, Instant at, Policy policy) {
            return step("dispatch", at).put("unit", unit)
                    .put("signDeadline", policy.limit(ClockKind.SIGN).after(at, wt))
                    .put("handleDeadline", policy.limit(ClockKind.HANDLE).after(at, wt));
        }

        private JsonObject step(String action, Instant at) {
            return new JsonObject().put("action", action).put("at", at);
        }

        /** The share of the handling time a reply takes: mostly well within it; past it when late. */
        private double replyFraction(boolean onTime) {
            return onTime ? 0.08 + 0.9 * Math.pow(random.nextDouble(), 1.6)
                    : 1.02 + random.nextDouble() * random.nextDouble() * 0.9;
        }

        /** {@code fraction} of {@code limit} after {@code start}, in the limit's own time (office or calendar). */
        private Instant at(Instant start, Limit limit, double fraction) {
            long budget = switch (limit.unit()) {
                case WORKING_MINUTES -> limit.amount() * 60L;
                case WORKING_HOURS -> limit.amount() * 3600L;
                case WORKING_DAYS -> limit.amount() * wt.hours().secondsPerDay();
                case MINUTES -> limit.amount() * 60L;
                case HOURS -> limit.amount() * 3600L;
                case DAYS -> limit.amount() * 86_400L;
            };
            Duration d = Duration.ofSeconds(Math.max(60, (long) (budget * fraction)));
            return limit.calendarTime() ? start.plus(d) : wt.plusWorkingHours(start, d);
        }

        private Instant later(Instant notBefore, Instant t) {
            Instant min = notBefore.plus(Duration.ofMinutes(5));
            return t.isBefore(min) ? min : t;
        }

        /** The centre's desk works 08:00–21:00 every day: later than that waits for the morning. */
        private Instant centre(Instant t) {
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

        /**
         * Where a misdirected order went first, and why it came back: a local matter sent to the city's
         * administration or to the wrong district; a bureau's matter to the street or district it happened in, or to
         * a bureau next to the right one.
         */
        private String[] wrongUnit(Seed s) {
            String district = s.district() != null ? s.district() : districts.get(random.nextInt(districts.size()));
            String local = DISTRICT_UNITS.get(district);
            boolean localMatter = s.unit().equals(local) || s.unit().startsWith(local + "-");
            int roll = random.nextInt(100);
            if (localMatter) {
                String other = districts.get(random.nextInt(districts.size()));
                return roll < 50 || other.equals(district) ? new String[] {"cgj", "not_our_responsibility"}
                        : new String[] {DISTRICT_UNITS.get(other), "wrong_area"};
            }
            String office = s.street() == null ? null : offices.get(s.street());
            if (roll < 35 && office != null) {
                return new String[] {office, "not_our_responsibility"};
            }
            if (roll < 60) {
                return new String[] {local, "not_our_responsibility"};
            }
            String bureau = BUREAUS[random.nextInt(BUREAUS.length)];
            return new String[] {bureau.equals(s.unit()) ? "cgj".equals(s.unit()) ? "zjj" : "cgj" : bureau,
                "not_our_responsibility"};
        }

        /**
         * A unit's way of working: drawn once per unit from its code, then moved by its trend over the year and by
         * its busy season (the utilities in theirs, everyone around the Spring Festival and National Day).
         */
        private Profile profile(String unit, Instant at) {
            Profile base = profiles.computeIfAbsent(unit, u -> {
                Random r = new Random(u.hashCode() * 31L + 7);
                double q = r.nextDouble();
                String peak = switch (u) {
                    case "water", "power" -> "summer";
                    case "heat", "gas" -> "winter";
                    case "jyj" -> "school";
                    default -> null;
                };
                return new Profile(0.84 + 0.15 * mix(q, r), 0.74 + 0.23 * mix(q, r), 0.70 + 0.26 * mix(q, r),
                        0.80 + 0.18 * mix(q, r), 0.82 + 0.17 * mix(q, r), 0.01 + 0.07 * (1 - mix(q, r)),
                        (r.nextDouble() - 0.45) * 0.16, peak);
            });
            ZonedDateTime z = at.atZone(ZONE);
            int month = z.getMonthValue();
            double year = Math.max(0, Math.min(1, Duration.between(yearStart, at).toSeconds() / (365 * 86_400.0)));
            double shift = base.trend() * (year - 0.5);
            boolean busy = switch (base.peak() == null ? "" : base.peak()) {
                case "summer" -> month == 7 || month == 8;
                case "winter" -> month == 12 || month == 1;
                case "school" -> month == 8 || month == 9;
                default -> false;
            };
            if (busy) {
                shift -= 0.12;
            }
            if (!wt.calendar().isWorkingDay(z.toLocalDate()) && z.getDayOfWeek().getValue() < 6) {
                shift -= 0.05;
            }
            return new Profile(clamp(base.sign() + shift * 0.6), clamp(base.handle() + shift),
                    clamp(base.satisfied() + shift * 0.8), clamp(base.resolved() + shift * 0.5),
                    clamp(base.contacted() + shift * 0.3), Math.max(0.005, base.rejected() - shift * 0.3),
                    base.trend(), base.peak());
        }

        /** Mostly the unit's overall quality, partly chance: good units are good at most things. */
        private static double mix(double q, Random r) {
            return 0.65 * q + 0.35 * r.nextDouble();
        }

        private static double clamp(double p) {
            return Math.max(0.3, Math.min(0.995, p));
        }
    }

    /** The demo city's districts, by name, sorted. */
    private List<String> districts() {
        List<String> districts = new ArrayList<>(templates.getJsonObject("places").fieldNames());
        districts.sort(null);
        return districts;
    }

    private String street(String district, Map<String, List<String>> streets) {
        if (district == null || !streets.containsKey(district)) {
            return null;
        }
        List<String> s = streets.get(district);
        return s.get(random.nextInt(s.size()));
    }

    private String reply(String leaf, String unit, Map<String, List<String>> repliesByLeaf) {
        List<String> own = leaf == null ? null : repliesByLeaf.get(leaf);
        if (own != null && !own.isEmpty() && random.nextInt(3) > 0) {
            return own.get(random.nextInt(own.size()));
        }
        String who = unit == null ? "承办单位" : unitName(unit);
        return String.format(GENERIC_REPLIES[random.nextInt(GENERIC_REPLIES.length)], who);
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private final Map<String, String> unitNames = new HashMap<>();

    private String unitName(String code) {
        if (unitNames.isEmpty()) {
            names(city.getJsonArray("units"), unitNames);
        }
        return unitNames.getOrDefault(code, code);
    }

    private static void names(JsonArray units, Map<String, String> out) {
        for (Object o : units) {
            JsonObject u = (JsonObject) o;
            out.put(u.getString("code"), u.getString("name"));
            names(u.getJsonArray("children", new JsonArray()), out);
        }
    }

    /** Street area code → the street office's unit code. */
    private static Map<String, String> streetOffices(JsonArray units, Map<String, String> out) {
        for (Object o : units) {
            JsonObject u = (JsonObject) o;
            if ("street_office".equals(u.getString("kind")) && u.getString("areaCode") != null) {
                out.put(u.getString("areaCode"), u.getString("code"));
            }
            streetOffices(u.getJsonArray("children", new JsonArray()), out);
        }
        return out;
    }

    private static String placeIn(String text, Map<String, String> districtOfPlace) {
        String best = null;
        for (String p : districtOfPlace.keySet()) {
            if (text.contains(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }

    /** Street-level area codes per district name. */
    private Map<String, List<String>> streets() {
        Map<String, List<String>> out = new HashMap<>();
        for (Object o : city.getJsonArray("areas")) {
            JsonObject d = (JsonObject) o;
            List<String> codes = new ArrayList<>();
            d.getJsonArray("children", new JsonArray()).forEach(s -> codes.add(((JsonObject) s).getString("code")));
            out.put(d.getString("name"), codes);
        }
        return out;
    }

    private static void walk(JsonArray nodes, String secondLevel, Map<String, String> leafCodes,
                             Map<String, String> secondOfLeaf) {
        for (Object o : nodes) {
            JsonObject n = (JsonObject) o;
            JsonArray children = n.getJsonArray("children");
            String second = secondLevel == null && n.getString("code").length() == 4 ? n.getString("name")
                    : secondLevel;
            if (children == null || children.isEmpty()) {
                leafCodes.put(n.getString("name"), n.getString("code"));
                secondOfLeaf.put(n.getString("name"), second);
            } else {
                walk(children, second, leafCodes, secondOfLeaf);
            }
        }
    }

    private static List<String> messages() {
        try (InputStream in = DemoHistory.class.getClassLoader().getResourceAsStream(MESSAGES)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + MESSAGES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
