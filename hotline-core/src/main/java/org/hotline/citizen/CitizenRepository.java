package org.hotline.citizen;

import static org.hotline.db.generated.Tables.CITIZEN;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Callers: name, encrypted phone with its lookup hash and masked form, encrypted e-mail with its masked form. */
public final class CitizenRepository {

    /** A stored caller, phone still sealed. */
    public record Citizen(long id, String name, byte[] phoneCipher, String phoneHash, String phoneMasked,
                          byte[] emailCipher, String emailMasked) {
    }

    private final PiiCipher cipher;

    public CitizenRepository(PiiCipher cipher) {
        this.cipher = cipher;
    }

    public PiiCipher cipher() {
        return cipher;
    }

    /** Stores a caller; returns its id. The phone is normalised to digits before sealing and hashing. */
    public long insert(DSLContext dsl, String name, String phone, Instant now) {
        return insert(dsl, name, phone, null, now);
    }

    /** As {@link #insert(DSLContext, String, String, Instant)}, with an e-mail address, sealed like the phone. */
    public long insert(DSLContext dsl, String name, String phone, String email, Instant now) {
        String digits = Masking.normalisePhone(phone);
        String mail = email == null || email.isBlank() ? null : email.trim();
        return dsl.insertInto(CITIZEN)
                .set(CITIZEN.NAME, name == null || name.isBlank() ? null : name.trim())
                .set(CITIZEN.PHONE_CIPHER, digits == null ? null : cipher.encrypt(digits))
                .set(CITIZEN.PHONE_HASH, digits == null ? null : cipher.lookupHash(digits))
                .set(CITIZEN.PHONE_MASKED, Masking.phone(digits))
                .set(CITIZEN.EMAIL_CIPHER, mail == null ? null : cipher.encrypt(mail))
                .set(CITIZEN.EMAIL_MASKED, Masking.email(mail))
                .set(CITIZEN.CREATED_AT, now)
                .returningResult(CITIZEN.ID).fetchOne().value1();
    }

    /** A caller about to be stored: name, phone and e-mail as given (any may be null). */
    public record NewCitizen(String name, String phone, String email) {
    }

    /**
     * Stores many callers at once (intakes taken together), as {@link #insert(DSLContext, String, String, String,
     * Instant)} stores one; answers them as stored, with their ids, in the order given.
     */
    public List<Citizen> insertMany(DSLContext dsl, List<NewCitizen> callers, Instant now) {
        List<Object[]> rows = new ArrayList<>(callers.size());
        List<Citizen> sealed = new ArrayList<>(callers.size());
        for (NewCitizen c : callers) {
            String digits = Masking.normalisePhone(c.phone());
            String mail = c.email() == null || c.email().isBlank() ? null : c.email().trim();
            String name = c.name() == null || c.name().isBlank() ? null : c.name().trim();
            byte[] phone = digits == null ? null : cipher.encrypt(digits);
            String hash = digits == null ? null : cipher.lookupHash(digits);
            byte[] email = mail == null ? null : cipher.encrypt(mail);
            rows.add(new Object[] {name, phone, hash, Masking.phone(digits), email, Masking.email(mail), now});
            sealed.add(new Citizen(0, name, phone, hash, Masking.phone(digits), email, Masking.email(mail)));
        }
        List<Long> ids = org.hotline.db.Bulk.insertReturningKeys(dsl, dsl.insertInto(CITIZEN, CITIZEN.NAME,
                CITIZEN.PHONE_CIPHER, CITIZEN.PHONE_HASH, CITIZEN.PHONE_MASKED, CITIZEN.EMAIL_CIPHER,
                CITIZEN.EMAIL_MASKED, CITIZEN.CREATED_AT).values((String) null, null, null, null, null, null, null),
                CITIZEN.ID, rows);
        List<Citizen> out = new ArrayList<>(callers.size());
        for (int i = 0; i < sealed.size(); i++) {
            Citizen c = sealed.get(i);
            out.add(new Citizen(ids.get(i), c.name(), c.phoneCipher(), c.phoneHash(), c.phoneMasked(),
                    c.emailCipher(), c.emailMasked()));
        }
        return out;
    }

    /** Stores many callers known by phone only (an import); returns their ids in the order given. */
    public List<Long> insertAll(DSLContext dsl, List<String> phones, List<Instant> createdAt) {
        List<Object[]> rows = new ArrayList<>(phones.size());
        for (int i = 0; i < phones.size(); i++) {
            String digits = Masking.normalisePhone(phones.get(i));
            rows.add(new Object[] {null, digits == null ? null : cipher.encrypt(digits),
                digits == null ? null : cipher.lookupHash(digits), Masking.phone(digits), createdAt.get(i)});
        }
        return org.hotline.db.Bulk.insertReturningKeys(dsl, dsl.insertInto(CITIZEN, CITIZEN.NAME,
                CITIZEN.PHONE_CIPHER, CITIZEN.PHONE_HASH, CITIZEN.PHONE_MASKED, CITIZEN.CREATED_AT)
                .values((String) null, null, null, null, null), CITIZEN.ID, rows);
    }

    public Optional<Citizen> find(DSLContext dsl, long id) {
        return dsl.selectFrom(CITIZEN).where(CITIZEN.ID.eq(id)).fetchOptional(r ->
                new Citizen(r.getId(), r.getName(), r.getPhoneCipher(), r.getPhoneHash(), r.getPhoneMasked(),
                        r.getEmailCipher(), r.getEmailMasked()));
    }

    public String phoneHash(String phone) {
        String digits = Masking.normalisePhone(phone);
        return digits == null ? null : cipher.lookupHash(digits);
    }

    public String revealPhone(Citizen c) {
        return cipher.decrypt(c.phoneCipher());
    }

    /** The e-mail address in full, or null when the citizen gave none. */
    public String revealEmail(Citizen c) {
        return c.emailCipher() == null ? null : cipher.decrypt(c.emailCipher());
    }
}
