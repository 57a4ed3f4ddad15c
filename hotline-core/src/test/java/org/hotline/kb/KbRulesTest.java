package org.hotline.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.hotline.auth.Principal;
import org.hotline.auth.Role;
import org.hotline.http.ProblemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The knowledge base's rules in plain Java: input checks, sanitising, who may do what, version diffs. */
class KbRulesTest {

    static final ArticleContent.Resolver NONE = new ArticleContent.Resolver() {
        public Optional<Long> categoryById(long id) {
            return id == 7 ? Optional.of(7L) : Optional.empty();
        }

        public Optional<Long> category(String codeOrPath) {
            return "020102".equals(codeOrPath) ? Optional.of(7L) : Optional.empty();
        }

        public Optional<Long> unitById(long id) {
            return Optional.empty();
        }

        public Optional<Long> unit(String code) {
            return "water".equals(code) ? Optional.of(3L) : Optional.empty();
        }
    };

    static Principal who(Long unit, Role... roles) {
        return new Principal(42, "u", "U", EnumSet.copyOf(List.of(roles)), unit, null);
    }

    @Test
    @DisplayName("every bad field of an article is reported at once, by name")
    void validation() {
        ProblemException e = assertThrows(ProblemException.class, () -> ArticleContent.parse(new JsonObject()
                .put("answer", "<script>x</script>").put("category", "nope").put("validFrom", "2026-12-01")
                .put("validTo", "2026-01-01").put("reviewDue", "soon"), NONE, ""));
        List<String> fields = e.problem().errors().stream().map(f -> f.field()).toList();
        assertEquals(java.util.Set.of("title", "answer", "category", "validTo", "reviewDue"),
                new java.util.HashSet<>(fields));
    }

    @Test
    @DisplayName("answers keep formatting and lose scripts, handlers and javascript: links; keywords are tidied")
    void sanitising() {
        ArticleContent c = ArticleContent.parse(new JsonObject().put("title", " 标题 ")
                .put("answer", "<p style=\"x\" onclick=\"a()\">第一段<strong>重点</strong></p><script>bad()</script>"
                        + "<a href=\"javascript:alert(1)\">坏链接</a><a href=\"https://gjj.example.cn\">公积金</a>")
                .put("keywords", "噪音，扰民, 噪音 ;").put("category", "020102").put("ownerUnit", "water"), NONE, "");
        assertEquals("标题", c.title());
        assertFalse(c.answer().contains("script") || c.answer().contains("onclick") || c.answer().contains("style")
                || c.answer().contains("javascript"), c.answer());
        assertTrue(c.answer().contains("<strong>重点</strong>") && c.answer().contains("https://gjj.example.cn"));
        assertEquals(List.of("噪音", "扰民"), c.keywords());
        assertEquals(7L, c.categoryId());
        assertEquals(3L, c.ownerUnitId());
        assertEquals("第一段重点\n坏链接公积金", c.answerText());
    }

    @Test
    @DisplayName("units edit their own articles; KB admins review; operators keep editing their draft until submitted")
    void whoMayDoWhat() {
        var waterHandler = who(3L, Role.UNIT_HANDLER);
        var powerHandler = who(4L, Role.UNIT_HANDLER);
        var kbAdmin = who(1L, Role.KB_ADMIN);
        var operator = who(1L, Role.OPERATOR);
        var published = new ReviewFlow.Subject(ArticleStatus.PUBLISHED, 3L, 99L, true);
        assertTrue(ReviewFlow.mayEdit(waterHandler, published));
        assertFalse(ReviewFlow.mayEdit(powerHandler, published));
        assertFalse(ReviewFlow.mayCreate(powerHandler, 3L));
        assertEquals(List.of("edit", "retire"), ReviewFlow.allowed(kbAdmin, published));
        var operatorsDraft = new ReviewFlow.Subject(ArticleStatus.DRAFT, null, 42L, false);
        assertEquals(List.of("edit", "submit"), ReviewFlow.allowed(operator, operatorsDraft));
        var dispatcher = new Principal(43, "d", "D", EnumSet.of(Role.DISPATCHER), 1L, null);
        assertEquals(List.of(), ReviewFlow.allowed(dispatcher, operatorsDraft), "not the author");
        var inReview = new ReviewFlow.Subject(ArticleStatus.REVIEW, 3L, 99L, false);
        assertEquals(List.of("edit", "approve", "reject"), ReviewFlow.allowed(kbAdmin, inReview));
        assertEquals(List.of("edit"), ReviewFlow.allowed(waterHandler, inReview));
    }

    @Test
    @DisplayName("a diff reports the changed sentence, not the whole answer")
    void diff() {
        var a = new ArticleContent("t", null, "<p>每人每月最高可提取1200元。</p><p>可线上办理。</p>", null, null, List.of(),
                null, null, null);
        var b = new ArticleContent("t", null, "<p>每人每月最高可提取1500元。</p><p>可线上办理。</p>", null, null, List.of(),
                null, null, null);
        List<VersionDiff.Change> changes = VersionDiff.between(a, b);
        assertEquals(1, changes.size());
        assertEquals("answer", changes.getFirst().field());
        assertEquals(List.of("removed", "added", "same"), changes.getFirst().parts().stream()
                .map(VersionDiff.Part::kind).toList());
        assertEquals("每人每月最高可提取1500元。", changes.getFirst().parts().get(1).text());
    }
}
