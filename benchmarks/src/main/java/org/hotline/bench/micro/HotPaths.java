package org.hotline.bench.micro;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.Analyzer;
import org.hotline.auth.Role;
import org.hotline.kb.ChineseAnalyzers;
import org.hotline.sla.OfficeHours;
import org.hotline.sla.OfficialCalendar;
import org.hotline.sla.WorkCalendar;
import org.hotline.sla.WorkingTime;
import org.hotline.workorder.OrderAction;
import org.hotline.workorder.OrderStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pure-Java work every request repeats: deadlines on the working-day calendar (every dispatch, sign, extension
 * and clock), the state machine's checks (every action and every order view's allowed actions), and the analysis of
 * an order's text (every desk suggestion and every index write). Average time per call.
 *
 * <pre>
 * java -cp "benchmarks/target/hotline-benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main HotPaths
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPaths {

    /** A caller's words: a typical order of about 120 characters. */
    static final String TEXT = "我家住在江北区滨江街道滨江花园3栋2单元，楼下新开的烧烤店每天晚上营业到凌晨两点，油烟直接往楼上飘，"
            + "噪音也很大，老人孩子都睡不好觉。已经跟物业反映过好几次了，物业说管不了，希望城管和环保部门来查一查，尽快解决。";

    WorkingTime time;
    Analyzer words;
    Instant fridayEvening;
    Instant beforeNationalDay;
    Set<Role> handler;
    OrderStatus[] statuses;

    @Setup
    public void setUp() {
        time = new WorkingTime(new WorkCalendar(OfficialCalendar.exceptions(OfficialCalendar.FIRST_YEAR,
                OfficialCalendar.LAST_YEAR)), OfficeHours.DEFAULT);
        words = ChineseAnalyzers.words(ChineseAnalyzers.defaultStopWords(),
                ChineseAnalyzers.synonyms(ChineseAnalyzers.defaultSynonymGroups()));
        fridayEvening = Instant.parse("2026-11-27T10:30:00Z");   // 18:30 in Shanghai, after hours
        beforeNationalDay = Instant.parse("2026-09-30T06:00:00Z"); // the afternoon before the October holiday
        handler = EnumSet.of(Role.UNIT_HANDLER);
        statuses = OrderStatus.values();
    }

    /** A sign limit of 2 working hours, from outside office hours. */
    @Benchmark
    public Instant signDeadline() {
        return time.plusWorkingHours(fridayEvening, Duration.ofHours(2));
    }

    /** A handling limit of 15 working days across the week-long National Day holiday and its make-up days. */
    @Benchmark
    public Instant handleDeadlineAcrossHoliday() {
        return time.plusWorkingDays(beforeNationalDay, 15);
    }

    /** How much working time an order has had: what every clock's remaining time shows. */
    @Benchmark
    public Duration workingTimeBetween() {
        return time.between(beforeNationalDay, fridayEvening);
    }

    /** Which actions a unit handler has on an order in each status: what every order view lists. */
    @Benchmark
    public void allowedActions(Blackhole bh) {
        for (OrderStatus s : statuses) {
            for (OrderAction a : OrderAction.values()) {
                bh.consume(a.allowedFrom(s) && a.allowedFor(handler));
            }
        }
    }

    /** The words of a typical order, as the knowledge base and the order index analyse it. */
    @Benchmark
    public List<String> analyseOrderText() {
        return ChineseAnalyzers.terms(words, TEXT);
    }
}
