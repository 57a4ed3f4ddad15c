package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Dispatch suggestions follow what a message is about, not where it happened. */
class DispatchSuggesterTest {

    static final String FUMES = "020201";
    static final String NOISE = "020102";
    static final String PARKING = "030201";
    static final String WATER = "110101";
    static final String ELEVATOR = "080201";

    /**
     * Fumes complaints from all over town, each with 油烟; from one estate (滨江花园小区3栋), complaints of every other
     * kind, as any address collects.
     */
    static void load(OrderIndex index) throws Exception {
        String[][] orders = {
            {FUMES, "幸福路一家餐馆油烟很大，熏得住户没法开窗"},
            {FUMES, "解放大道的餐馆排烟管道直对居民窗户，油烟呛人"},
            {FUMES, "东湖村路口饭店油烟直排，没有安装净化器"},
            {FUMES, "南苑街的火锅店油烟扰民，衣服晾在阳台都是味"},
            {FUMES, "和平路小吃摊油烟太重，路过都呛得咳嗽"},
            {FUMES, "青年路大排档油烟弥漫，整条街都是烟"},
            {FUMES, "学府路食堂排风口油烟对着教学楼"},
            {FUMES, "人民路烤鸭店的油烟飘进隔壁住户家"},
            {NOISE, "滨江花园小区3栋楼下每晚广场舞音响声音太大"},
            {NOISE, "滨江花园小区3栋楼上住户半夜拖拽家具，吵得睡不着"},
            {NOISE, "光明路工地夜里打桩，吵得人睡不着"},
            {PARKING, "滨江花园小区3栋楼下消防通道被私家车堵死"},
            {PARKING, "滨江花园小区3栋门口车辆乱停，出入困难"},
            {PARKING, "中山路人行道上停满了车"},
            {WATER, "滨江花园小区3栋今天又停水了，没有任何通知"},
            {WATER, "滨江花园小区3栋自来水发黄，有异味"},
            {WATER, "江汉路一带水压太低，高层用不上水"},
            {ELEVATOR, "滨江花园小区3栋电梯经常故障，困过人"},
            {ELEVATOR, "滨江花园小区3栋电梯年检过期还在运行"},
            {ELEVATOR, "建设路大厦电梯按键失灵"},
        };
        int id = 0;
        for (String[] o : orders) {
            index.put(new OrderIndex.Order("o" + id++, o[1], o[0], o[0].equals(FUMES) ? "sthjj" : "other", null, 0,
                    true));
        }
        index.refresh();
    }

    static final String QUERY = "滨江花园小区3栋门面新开了一家烧烤店，油烟熏得人受不了";

    @Test
    @DisplayName("a category consistently described with certain words (油烟) wins over one that merely shares the place")
    void topicalBeatsPlace() throws Exception {
        try (OrderIndex hotline = OrderIndex.open(null);
             OrderIndex plain = OrderIndex.open(null, CharArraySet.EMPTY_SET, 1, 1, false)) {
            load(hotline);
            load(plain);
            // Plain MoreLikeThis favours the rarer place words: most of its neighbours are the estate's other matters.
            DispatchSuggester.Suggestion p = new DispatchSuggester(plain, 5).suggest(QUERY, null);
            assertTrue(p.neighbours().stream().filter(n -> n.category().equals(FUMES)).count() <= 1, p.toString());
            DispatchSuggester.Suggestion s = new DispatchSuggester(hotline, 5).suggest(QUERY, null);
            assertEquals(FUMES, s.categories().getFirst().label(), s.toString());
            assertTrue(s.categories().getFirst().count() >= 2 && s.categories().getFirst().score() > 0.5, s.toString());
            assertEquals("sthjj", s.units().getFirst().label(), s.toString());
        }
    }

    @Test
    @DisplayName("orders put are learnt at once: a new category's first closed orders can be suggested straight away")
    void learnsOnPut() throws Exception {
        try (OrderIndex index = OrderIndex.open(null)) {
            load(index);
            String pets = "宠物";
            for (String t : List.of("小区里有人遛狗不牵绳，吓到小孩", "遛狗不牵绳还不清理狗粪", "邻居遛狗从不牵绳")) {
                index.put(new OrderIndex.Order("p" + t.hashCode(), t, pets, "cgj", null, 0, true));
            }
            index.refresh();
            var s = new DispatchSuggester(index, 5).suggest("公园里好多人遛狗不牵绳", null);
            assertEquals(pets, s.categories().getFirst().label(), s.toString());
        }
    }

    @Test
    @DisplayName("open orders and the excluded order never vote")
    void onlyClosedOthersVote() throws Exception {
        try (OrderIndex index = OrderIndex.open(null)) {
            load(index);
            index.put(new OrderIndex.Order("open", QUERY, NOISE, "gaj", null, 0, false));
            index.refresh();
            var s = new DispatchSuggester(index, 20).suggest(QUERY, "o0");
            assertTrue(s.neighbours().stream().noneMatch(n -> n.id().equals("open") || n.id().equals("o0")),
                    s.neighbours().toString());
        }
    }

    @Test
    @DisplayName("sharp votes: one much closer order outweighs two loose ones; shares still sum to 1")
    void sharpVotes() {
        List<OrderIndex.Neighbour> near = List.of(new OrderIndex.Neighbour("1", 10, "A", null, null, 0),
                new OrderIndex.Neighbour("2", 6, "B", null, null, 0),
                new OrderIndex.Neighbour("3", 6, "B", null, null, 0));
        assertEquals("B", KnnVote.vote(near, OrderIndex.Neighbour::category).getFirst().label());
        List<KnnVote.Vote> sharp = KnnVote.vote(near, OrderIndex.Neighbour::category, 1.5);
        assertEquals("A", sharp.getFirst().label());
        assertEquals(1, sharp.getFirst().count());
        assertEquals(1.0, sharp.stream().mapToDouble(KnnVote.Vote::score).sum(), 1e-9);
    }
}
