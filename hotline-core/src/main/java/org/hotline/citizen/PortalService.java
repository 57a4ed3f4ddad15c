package org.hotline.citizen;

import static org.hotline.db.generated.Tables.CITIZEN_RATING;
import static org.hotline.db.generated.Tables.PORTAL_SUBMISSION;
import static org.hotline.db.generated.Tables.SMS_CODE;
import static org.hotline.db.generated.Tables.WORK_ORDER;
import static org.hotline.db.generated.Tables.WORK_ORDER_LINK;
import static org.hotline.db.generated.Tables.WORK_ORDER_PHOTO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hotline.db.Database;
import org.hotline.db.generated.tables.records.WorkOrderRecord;
import org.hotline.http.Problem;
import org.hotline.http.ProblemException;
import org.hotline.http.RateLimits;
import org.hotline.open311.ServiceCatalogue;
import org.hotline.reference.ReferenceCache;
import org.hotline.workorder.Channel;
import org.hotline.workorder.OrderStatus;
import org.hotline.workorder.OrderType;
import org.hotline.workorder.Timeline;
import org.hotline.workorder.Urgency;
import org.hotline.workorder.WorkOrderService;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The citizens' portal (网上12345): a citizen files a request — with photos, and with their phone proven by an SMS
 * code — gets its number and pickup code, looks it up later with the code (or the phone's last four digits), rates
 * the result and, if unhappy with the handling, complains about it in a new order linked to the first. No login:
 * what a citizen proves is that they hold the pickup code or the phone. Blocking; runs on the database worker pool.
 */
public final class PortalService {

    /** The consent a citizen gives when they leave their name or phone (个人信息保护法); its version goes on the order. */
    public static final String CONSENT_VERSION = "2026-12";
    public static final String CONSENT_TEXT = "您提交的姓名、电话仅用于办理、回访本诉求，由12345热线及承办单位依法使用并加密保存，不会向无关单位或个人公开。"
            + "选择“保密”后，承办单位看不到您的姓名和电话。";
    public static final int MAX_CONTENT = 2000;
    public static final int MAX_ADDRESS = 200;
    public static final int MAX_NAME = 50;
    public static final int MAX_PHOTOS = 6;
    static final Duration CODE_VALID = Duration.ofMinutes(10);
    static final int CODE_ATTEMPTS = 5;
    static final Duration UNATTACHED_PHOTOS_KEPT = Duration.ofDays(1);
    static final Duration SUBMISSIONS_KEPT = Duration.ofDays(1);
    /** Types a citizen may choose (all of them: the portal is a channel like the phone). */
    static final List<OrderType> TYPES = List.of(OrderType.values());

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final ReferenceCache reference;
    private final WorkOrderService orders;
    private final CitizenRepository citizens;
    private final CitizenSms sms;
    private final RateLimits limits;
    private final Clock clock;
    private final ZoneId zone;
    private final boolean verifyPhones;
    private final Timeline timeline = new Timeline();
    private final ServiceCatalogue catalogue = new ServiceCatalogue();
    private volatile Cached form;

    private record Cached(long referenceLoadedAt, Instant at, JsonObject value) {
    }

    public PortalService(Database db, ReferenceCache reference, WorkOrderService orders, CitizenRepository citizens,
                         CitizenSms sms, RateLimits limits, Clock clock, ZoneId zone, boolean verifyPhones) {
        this.db = db;
        this.reference = reference;
        this.orders = orders;
        this.citizens = citizens;
        this.sms = sms;
        this.limits = limits;
        this.clock = clock;
        this.zone = zone;
        this.verifyPhones = verifyPhones;
    }

    public boolean verifiesPhones() {
        return verifyPhones;
    }

    // ------------------------------------------------------------------ the form

    /**
     * What the submission form offers: types, categories (active leaves with their path and keywords, to search),
     * districts with their streets, the consent text and the limits. Read again at most once a minute, or when the
     * reference data changed.
     */
    public JsonObject form() {
        ReferenceCache.Snapshot ref = reference.get();
        Cached c = form;
        Instant now = clock.instant();
        if (c != null && c.referenceLoadedAt() == ref.loadedAt() && c.at().plusSeconds(60).isAfter(now)) {
            return c.value();
        }
        JsonArray types = new JsonArray();
        TYPES.forEach(t -> types.add(new JsonObject().put("id", t.id()).put("name", t.chineseName())));
        JsonArray categories = new JsonArray();
        db.transaction(dsl -> catalogue.services(dsl)).forEach(s -> categories.add(new JsonObject()
                .put("id", s.categoryId()).put("name", s.name()).put("path", s.description()).put("group", s.group())
                .put("keywords", s.keywords())));
        JsonArray districts = new JsonArray();
        List<ReferenceCache.Node> areas = new ArrayList<>(ref.areas().values());
        areas.sort(java.util.Comparator.comparing(ReferenceCache.Node::path));
        for (ReferenceCache.Node d : areas) {
            if (d.parentId() != null || !d.active()) {
                continue;
            }
            JsonArray streets = new JsonArray();
            for (ReferenceCache.Node s : areas) {
                if (d.id() == (s.parentId() == null ? -1 : s.parentId()) && s.active()) {
                    streets.add(new JsonObject().put("id", s.id()).put("name", s.name()));
                }
            }
            districts.add(new JsonObject().put("id", d.id()).put("name", d.name()).put("streets", streets));
        }
        JsonObject value = new JsonObject().put("types", types).put("categories", categories)
                .put("districts", districts)
                .put("consent", new JsonObject().put("version", CONSENT_VERSION).put("text", CONSENT_TEXT))
                .put("limits", new JsonObject().put("content", MAX_CONTENT).put("address", MAX_ADDRESS)
                        .put("name", MAX_NAME).put("photos", MAX_PHOTOS).put("photoBytes", PhotoCleaner.MAX_BYTES))
                .put("smsVerification", verifyPhones);
        form = new Cached(ref.loadedAt(), now, value);
        return value;
    }

    // ------------------------------------------------------------------ SMS codes

    /** Sends a verification code to {@code phone}; answers how long it is good for. */
    public JsonObject sendCode(String phone) {
        String digits = Masking.normalisePhone(phone);
        if (!Phones.isMobile(digits)) {
            throw ProblemException.field("phone", "a mobile number (11 digits, 13x–19x) that can receive an SMS");
        }
        String client = citizens.phoneHash(digits);
        limits.take(RateLimits.SMS_PHONE, client);
        limits.take(RateLimits.SMS_PHONE_DAY, client);
        Instant now = clock.instant();
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        db.transaction(dsl -> {
            long id = dsl.insertInto(SMS_CODE)
                    .set(SMS_CODE.PHONE_HASH, client)
                    .set(SMS_CODE.CODE_HASH, codeHash(client, code))
                    .set(SMS_CODE.CREATED_AT, now)
                    .set(SMS_CODE.EXPIRES_AT, now.plus(CODE_VALID))
                    .set(SMS_CODE.ATTEMPTS, 0)
                    .returningResult(SMS_CODE.ID).fetchOne().value1();
            sms.code(dsl, id, code, citizens.cipher().encrypt(digits), (int) CODE_VALID.toMinutes(), now);
            return null;
        });
        return new JsonObject().put("phone", Masking.phone(digits)).put("expiresInSeconds", CODE_VALID.toSeconds())
                .put("resendAfterSeconds", limits.limit(RateLimits.SMS_PHONE).period().toSeconds());
    }

    /**
     * Checks a code for {@code phoneHash} in a transaction of its own, so a wrong try is counted even though the
     * submission fails; answers the code's id, to be used up in the submission's transaction.
     */
    private long checkCode(String phoneHash, String code) {
        if (code == null || !code.matches("[0-9]{6}")) {
            throw ProblemException.field("smsCode", "the 6-digit code sent to your phone");
        }
        Instant now = clock.instant();
        Long id = db.transaction(dsl -> {
            var row = dsl.selectFrom(SMS_CODE).where(SMS_CODE.PHONE_HASH.eq(phoneHash))
                    .and(SMS_CODE.USED_AT.isNull()).and(SMS_CODE.EXPIRES_AT.gt(now))
                    .orderBy(SMS_CODE.ID.desc()).limit(1).forUpdate().fetchOne();
            if (row == null || row.getAttempts() >= CODE_ATTEMPTS) {
                return null;
            }
            if (!MessageDigest.isEqual(row.getCodeHash().getBytes(StandardCharsets.US_ASCII),
                    codeHash(phoneHash, code).getBytes(StandardCharsets.US_ASCII))) {
                row.setAttempts(row.getAttempts() + 1);
                row.store();
                return -1L;
            }
            return row.getId();
        });
        if (id == null) {
            throw ProblemException.field("smsCode", "no valid code for this phone: ask for a new one");
        }
        if (id < 0) {
            throw ProblemException.field("smsCode", "wrong code");
        }
        return id;
    }

    /** Keyed, so the stored hashes of six-digit codes cannot be reversed by trying all million. */
    private String codeHash(String phoneHash, String code) {
        return citizens.cipher().lookupHash("sms-code:" + phoneHash + ":" + code);
    }

    // ------------------------------------------------------------------ photos

    /** Stores a photo, cleaned, for a submission to attach; answers the secret token that attaches it. */
    public JsonObject upload(byte[] data) {
        PhotoCleaner.Cleaned photo = PhotoCleaner.clean(data);
        String token = token();
        Instant now = clock.instant();
        db.transaction(dsl -> dsl.insertInto(WORK_ORDER_PHOTO)
                .set(WORK_ORDER_PHOTO.TOKEN_HASH, sha256(token.getBytes(StandardCharsets.US_ASCII)))
                .set(WORK_ORDER_PHOTO.CONTENT_TYPE, photo.contentType())
                .set(WORK_ORDER_PHOTO.BYTE_SIZE, photo.data().length)
                .set(WORK_ORDER_PHOTO.WIDTH, photo.width())
                .set(WORK_ORDER_PHOTO.HEIGHT, photo.height())
                .set(WORK_ORDER_PHOTO.SHA256, sha256(photo.data()))
                .set(WORK_ORDER_PHOTO.DATA, photo.data())
                .set(WORK_ORDER_PHOTO.UPLOADED_AT, now)
                .execute());
        return new JsonObject().put("token", token).put("contentType", photo.contentType())
                .put("byteSize", photo.data().length).put("width", photo.width()).put("height", photo.height());
    }

    // ------------------------------------------------------------------ submission

    /** A citizen's submission as the portal sends it (validated here, field by field). */
    public record Submission(String type, Long categoryId, Long areaId, String address, String content,
                             boolean anonymous, String name, String phone, boolean confidential, boolean consent,
                             String consentVersion, String smsCode, List<String> photos) {
    }

    /** The stored answer to a submission: replayed, byte for byte, for a retry with the same key. */
    public record Answer(int status, String body) {
    }

    /**
     * Files the request: one transaction creates the order (numbered, on its timeline, counted), attaches its
     * photos, uses up the SMS code and records the idempotency key with the answer. A retry with the same key and
     * the same request gets that answer; the same key with another request is refused (422).
     */
    public Answer submit(Submission s, String idempotencyKey, String requestHash) {
        Optional<Answer> earlier = replay(idempotencyKey, requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        WorkOrderService.CreateCommand command = check(s);
        String digits = Masking.normalisePhone(s.phone());
        String phoneHash = digits == null ? null : citizens.phoneHash(digits);
        if (phoneHash != null) {
            limits.take(RateLimits.SUBMIT_PHONE, phoneHash);
        }
        boolean proven = false;
        Long codeId = null;
        if (digits != null && Phones.isMobile(digits) && (verifyPhones || s.smsCode() != null)) {
            codeId = checkCode(phoneHash, s.smsCode());
            proven = true;
        }
        Set<String> photoHashes = new LinkedHashSet<>();
        for (String token : s.photos()) {
            photoHashes.add(sha256(token.getBytes(StandardCharsets.US_ASCII)));
        }
        Long usedCode = codeId;
        boolean phoneProven = proven;
        JsonObject[] answer = new JsonObject[1];
        try {
            orders.createForCitizen(command, (dsl, id) -> {
                Instant now = clock.instant();
                if (usedCode != null && dsl.update(SMS_CODE).set(SMS_CODE.USED_AT, now)
                        .where(SMS_CODE.ID.eq(usedCode)).and(SMS_CODE.USED_AT.isNull()).execute() != 1) {
                    throw ProblemException.field("smsCode", "this code was just used; ask for a new one");
                }
                if (!photoHashes.isEmpty()) {
                    int attached = dsl.update(WORK_ORDER_PHOTO).set(WORK_ORDER_PHOTO.ORDER_ID, id)
                            .set(WORK_ORDER_PHOTO.ATTACHED_AT, now)
                            .where(WORK_ORDER_PHOTO.TOKEN_HASH.in(photoHashes))
                            .and(WORK_ORDER_PHOTO.ORDER_ID.isNull()).execute();
                    if (attached != photoHashes.size()) {
                        throw ProblemException.field("photos", "a photo is missing or belongs to another request: "
                                + "upload it again");
                    }
                }
                WorkOrderRecord o = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(id)).fetchOne();
                // What the citizen agreed to and proved: on the order's (internal) timeline.
                timeline.append(dsl, new Timeline.Event(null, id, now, null, WorkOrderService.CITIZEN_ACTOR,
                        "citizen", null, "submitted-online", null, null, null, new JsonObject()
                        .put("consentVersion", s.consent() ? s.consentVersion() : null)
                        .put("phoneVerified", phoneProven).put("photos", photoHashes.size())
                        .put("anonymous", s.anonymous())));
                JsonObject body = new JsonObject().put("number", o.getNumber()).put("pickupCode", o.getPickupCode())
                        .put("status", "open").put("statusName", PublicView.statusWords(o.getStatus())[0])
                        .put("createdAt", o.getCreatedAt().atZone(zone).toOffsetDateTime().toString())
                        .put("phoneVerified", phoneProven).put("photos", photoHashes.size())
                        .put("sms", digits != null && Phones.isMobile(digits));
                answer[0] = body;
                dsl.insertInto(PORTAL_SUBMISSION)
                        .set(PORTAL_SUBMISSION.IDEM_KEY, idempotencyKey)
                        .set(PORTAL_SUBMISSION.REQUEST_HASH, requestHash)
                        .set(PORTAL_SUBMISSION.ORDER_ID, id)
                        .set(PORTAL_SUBMISSION.RESPONSE_BODY, body.encode())
                        .set(PORTAL_SUBMISSION.CREATED_AT, now)
                        .execute();
            });
        } catch (DataAccessException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // The same submission, sent twice at once: the other one won; answer as it did.
            return replay(idempotencyKey, requestHash).orElseThrow(() -> e);
        }
        return new Answer(201, answer[0].encode());
    }

    private Optional<Answer> replay(String key, String requestHash) {
        var row = db.dsl().selectFrom(PORTAL_SUBMISSION).where(PORTAL_SUBMISSION.IDEM_KEY.eq(key)).fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        if (!row.getRequestHash().equals(requestHash)) {
            throw new ProblemException(new Problem("idempotency-key-reused", "Idempotency key reused", 422,
                    "This Idempotency-Key was used for a different submission; use a new key for a new request."));
        }
        return Optional.of(new Answer(201, row.getResponseBody()));
    }

    /** Every problem with the submission at once, each naming its field; the order it makes if there are none. */
    WorkOrderService.CreateCommand check(Submission s) {
        List<Problem.FieldError> errors = new ArrayList<>();
        OrderType type = null;
        try {
            type = s.type() == null ? null : OrderType.parse(s.type());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null) {
            errors.add(new Problem.FieldError("type", "one of " + String.join(", ", TYPES.stream()
                    .map(OrderType::id).toList())));
        }
        ReferenceCache.Snapshot ref = reference.get();
        if (s.categoryId() == null) {
            errors.add(new Problem.FieldError("categoryId", "is required"));
        } else {
            var c = ref.category(s.categoryId());
            if (c.isEmpty() || !c.get().active() || !c.get().leaf()) {
                errors.add(new Problem.FieldError("categoryId", "no category " + s.categoryId() + " to choose"));
            }
        }
        if (s.areaId() != null && ref.area(s.areaId()).filter(ReferenceCache.Node::active).isEmpty()) {
            errors.add(new Problem.FieldError("areaId", "no area " + s.areaId()));
        }
        String content = s.content() == null ? "" : s.content().strip();
        if (content.isEmpty()) {
            errors.add(new Problem.FieldError("content", "is required: describe the problem"));
        } else if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
            errors.add(new Problem.FieldError("content", "at most " + MAX_CONTENT + " characters"));
        }
        if (s.address() != null && s.address().strip().codePointCount(0, s.address().strip().length()) > MAX_ADDRESS) {
            errors.add(new Problem.FieldError("address", "at most " + MAX_ADDRESS + " characters"));
        }
        String name = s.anonymous() ? null : s.name();
        String phone = s.anonymous() ? null : s.phone();
        if (s.anonymous() && (notBlank(s.name()) || notBlank(s.phone()))) {
            errors.add(new Problem.FieldError("anonymous", "an anonymous request leaves name and phone empty"));
        }
        if (notBlank(name) && name.strip().codePointCount(0, name.strip().length()) > MAX_NAME) {
            errors.add(new Problem.FieldError("name", "at most " + MAX_NAME + " characters"));
        }
        if (!s.anonymous() && !notBlank(phone)) {
            errors.add(new Problem.FieldError("phone", "is required, so the centre can tell you the result "
                    + "(or choose anonymous)"));
        }
        if (notBlank(phone)) {
            String digits = Masking.normalisePhone(phone);
            if (digits == null || digits.length() < 7 || digits.length() > 12) {
                errors.add(new Problem.FieldError("phone", "a mobile or landline number"));
            } else if (verifyPhones && !Phones.isMobile(digits)) {
                errors.add(new Problem.FieldError("phone", "a mobile number, to receive the verification code"));
            }
        }
        if ((notBlank(name) || notBlank(phone)) && !s.consent()) {
            errors.add(new Problem.FieldError("consent", "needed when you leave your name or phone"));
        }
        if (s.consent() && !CONSENT_VERSION.equals(s.consentVersion())) {
            errors.add(new Problem.FieldError("consentVersion", "the consent text changed: read it again (now "
                    + CONSENT_VERSION + ")"));
        }
        if (s.photos().size() > MAX_PHOTOS) {
            errors.add(new Problem.FieldError("photos", "at most " + MAX_PHOTOS + " photos"));
        }
        for (String t : s.photos()) {
            if (t == null || !t.matches("[A-Za-z0-9_-]{20,64}")) {
                errors.add(new Problem.FieldError("photos", "tokens as the upload answered them"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Long area = s.areaId();
        return new WorkOrderService.CreateCommand(Channel.WEB, type, Urgency.NORMAL, s.categoryId(), area,
                notBlank(s.address()) ? s.address().strip() : null, content, null, null, s.confidential(),
                notBlank(name) ? name.strip() : null, notBlank(phone) ? phone.strip() : null);
    }

    // ------------------------------------------------------------------ lookup, rating, complaint

    /** How a citizen proves an order is theirs: the pickup code, or the last four digits of their phone. */
    public record Proof(String pickupCode, String phoneLastFour) {
    }

    /** The order as its citizen sees it; 404 alike for an unknown number and a wrong code. */
    public JsonObject lookup(String number, Proof proof) {
        return db.transaction(dsl -> {
            Found f = find(dsl, number, proof);
            return view(dsl, f);
        });
    }

    /** The citizen's rating; answers the order as they now see it, with the outcome. */
    public JsonObject rate(String number, Proof proof, boolean resolved, String satisfaction, Boolean contacted,
                           String comment) {
        Found f = db.transaction(dsl -> find(dsl, number, proof));
        WorkOrderService.RatingOutcome outcome = orders.rateByCitizen(f.order().getId(), resolved, satisfaction,
                contacted, comment);
        return db.transaction(dsl -> {
            WorkOrderRecord now = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(f.order().getId())).fetchOne();
            return view(dsl, new Found(now, f.full())).put("ratingOutcome",
                    outcome.name().toLowerCase(java.util.Locale.ROOT));
        });
    }

    /**
     * A complaint about how the order was handled (对办理结果的投诉): a new complaint order, same category and place,
     * from the same citizen, linked to the first so the centre reads both together. Answers its number and code.
     */
    public JsonObject complain(String number, Proof proof, String content) {
        String text = content == null ? "" : content.strip();
        if (text.isEmpty()) {
            throw ProblemException.field("content", "is required: what was wrong with the handling");
        }
        if (text.codePointCount(0, text.length()) > MAX_CONTENT) {
            throw ProblemException.field("content", "at most " + MAX_CONTENT + " characters");
        }
        Found f = db.transaction(dsl -> find(dsl, number, proof));
        WorkOrderRecord first = f.order();
        boolean answered = OrderStatus.CALLBACK.name().equals(first.getStatus())
                || OrderStatus.CLOSED.name().equals(first.getStatus());
        if (!answered) {
            throw new ProblemException(new Problem("not-answered-yet", "Not answered yet", 409,
                    "A complaint about the handling can be made once the request has been answered."));
        }
        CitizenRepository.Citizen who = first.getCitizenId() == null ? null
                : db.transaction(dsl -> citizens.find(dsl, first.getCitizenId()).orElse(null));
        String name = who == null ? null : who.name();
        String phone = who == null || who.phoneCipher() == null ? null : citizens.revealPhone(who);
        if (phone != null) {
            limits.take(RateLimits.SUBMIT_PHONE, citizens.phoneHash(phone));
        }
        var command = new WorkOrderService.CreateCommand(Channel.WEB, OrderType.COMPLAINT, Urgency.NORMAL,
                first.getCategoryId(), first.getAreaId(), first.getAddress(),
                "对工单" + first.getNumber() + "办理情况的投诉：" + text, null, null, first.getConfidential(), name, phone);
        WorkOrderRecord created = orders.createForCitizen(command, (dsl, id) -> {
            Instant now = clock.instant();
            long low = Math.min(id, first.getId());
            long high = Math.max(id, first.getId());
            dsl.insertInto(WORK_ORDER_LINK).set(WORK_ORDER_LINK.ORDER_ID, low).set(WORK_ORDER_LINK.LINKED_ID, high)
                    .set(WORK_ORDER_LINK.CREATED_AT, now).execute();
            String newNumber = dsl.select(WORK_ORDER.NUMBER).from(WORK_ORDER).where(WORK_ORDER.ID.eq(id))
                    .fetchOne().value1();
            timeline.append(dsl, new Timeline.Event(null, id, now, null, WorkOrderService.CITIZEN_ACTOR, "citizen",
                    null, "linked", null, null, "对原工单办理情况的投诉", new JsonObject().put("orderId", first.getId())
                    .put("number", first.getNumber()).put("reason", "complaint-about-handling")));
            timeline.append(dsl, new Timeline.Event(null, first.getId(), now, null, WorkOrderService.CITIZEN_ACTOR,
                    "citizen", null, "linked", null, null, "市民对办理情况提出投诉", new JsonObject().put("orderId", id)
                    .put("number", newNumber).put("reason", "complaint-about-handling")));
            dsl.update(WORK_ORDER).set(WORK_ORDER.UPDATED_AT, now).where(WORK_ORDER.ID.eq(first.getId())).execute();
        });
        return new JsonObject().put("number", created.getNumber()).put("pickupCode", created.getPickupCode())
                .put("linkedTo", first.getNumber()).put("status", "open")
                .put("statusName", PublicView.statusWords(created.getStatus())[0]);
    }

    /** An order found and proven; {@code full} when proven by the pickup code. */
    private record Found(WorkOrderRecord order, boolean full) {
    }

    private Found find(DSLContext dsl, String number, Proof proof) {
        String n = number == null ? "" : number.strip().toUpperCase(java.util.Locale.ROOT);
        boolean byCode = proof.pickupCode() != null && !proof.pickupCode().isBlank();
        boolean byPhone = proof.phoneLastFour() != null && !proof.phoneLastFour().isBlank();
        if (byCode == byPhone) {
            throw ProblemException.field("pickupCode", "give the pickup code or the phone's last four digits");
        }
        if (byCode && !proof.pickupCode().strip().matches("[0-9]{6}")) {
            throw ProblemException.field("pickupCode", "six digits");
        }
        if (byPhone && !proof.phoneLastFour().strip().matches("[0-9]{4}")) {
            throw ProblemException.field("phoneLastFour", "four digits");
        }
        // Counted per number before the check, given back when right: guessing a code means guessing slowly.
        limits.take(RateLimits.LOOKUP_FAILED, n);
        try {
            limits.take(RateLimits.LOOKUP_FAILED_DAY, n);
        } catch (ProblemException e) {
            limits.giveBack(RateLimits.LOOKUP_FAILED, n);
            throw e;
        }
        WorkOrderRecord o = n.isEmpty() ? null : dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.NUMBER.eq(n)).fetchOne();
        boolean ok = false;
        if (o != null && byCode) {
            ok = MessageDigest.isEqual(o.getPickupCode().getBytes(StandardCharsets.US_ASCII),
                    proof.pickupCode().strip().getBytes(StandardCharsets.US_ASCII));
        } else if (o != null && o.getCitizenId() != null) {
            var c = citizens.find(dsl, o.getCitizenId()).orElse(null);
            String last = c == null || c.phoneCipher() == null ? null : Phones.lastFour(citizens.revealPhone(c));
            ok = last != null && MessageDigest.isEqual(last.getBytes(StandardCharsets.US_ASCII),
                    proof.phoneLastFour().strip().getBytes(StandardCharsets.US_ASCII));
        }
        if (!ok) {
            throw ProblemException.notFound("No request with this number and " + (byCode ? "pickup code" : "phone")
                    + ". Check both and try again.");
        }
        limits.giveBack(RateLimits.LOOKUP_FAILED, n);
        limits.giveBack(RateLimits.LOOKUP_FAILED_DAY, n);
        return new Found(o, byCode);
    }

    private JsonObject view(DSLContext dsl, Found f) {
        WorkOrderRecord o = f.order();
        ReferenceCache.Snapshot ref = reference.get();
        List<Timeline.Event> parentEvents = List.of();
        String parentStatus = null;
        if (OrderStatus.MERGED.name().equals(o.getStatus()) && o.getParentId() != null) {
            WorkOrderRecord parent = dsl.selectFrom(WORK_ORDER).where(WORK_ORDER.ID.eq(o.getParentId())).fetchOne();
            if (parent != null) {
                parentStatus = parent.getStatus();
                parentEvents = timeline.of(dsl, parent.getId());
            }
        }
        int photos = dsl.fetchCount(WORK_ORDER_PHOTO, WORK_ORDER_PHOTO.ORDER_ID.eq(o.getId()));
        var r = dsl.selectFrom(CITIZEN_RATING).where(CITIZEN_RATING.ORDER_ID.eq(o.getId())).fetchOne();
        PublicView.Rating rating = r == null ? null : new PublicView.Rating(r.getResolved(), r.getSatisfaction(),
                r.getComment(), r.getRatedAt(), r.getOutcome());
        PublicView.Order order = new PublicView.Order(o.getNumber(), o.getStatus(),
                OrderType.parse(o.getType()).chineseName(),
                ref.category(o.getCategoryId()).map(ReferenceCache.Node::name).orElse(null),
                o.getAreaId() == null ? null : ref.area(o.getAreaId()).map(ReferenceCache.Node::path).orElse(null),
                o.getAddress(), o.getContent(), o.getCreatedAt(), o.getClosedAt(), o.getHandleDeadline(),
                parentStatus, photos);
        return new PublicView(zone, id -> ref.units().name(id)).of(order, timeline.of(dsl, o.getId()), rating,
                f.full(), parentEvents);
    }

    // ------------------------------------------------------------------ upkeep

    /** Drops photos never attached and answers kept for retries, once they are a day old. */
    public int purge() {
        Instant now = clock.instant();
        return db.transaction(dsl -> dsl.deleteFrom(WORK_ORDER_PHOTO).where(WORK_ORDER_PHOTO.ORDER_ID.isNull())
                .and(WORK_ORDER_PHOTO.UPLOADED_AT.lt(now.minus(UNATTACHED_PHOTOS_KEPT))).execute()
                + dsl.deleteFrom(PORTAL_SUBMISSION).where(PORTAL_SUBMISSION.CREATED_AT.lt(now.minus(SUBMISSIONS_KEPT)))
                .execute()
                + dsl.deleteFrom(SMS_CODE).where(SMS_CODE.EXPIRES_AT.lt(now.minus(Duration.ofDays(1)))).execute());
    }

    // ------------------------------------------------------------------ helpers

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A unique-key violation (MySQL error 1062, H2/SQL state 23505). */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s
                    && (s.getErrorCode() == 1062 || "23505".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
