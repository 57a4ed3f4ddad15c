package org.hotline.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit log's tamper evidence: seal {@code n} is an HMAC-SHA-256 over seal {@code n-1}'s MAC, {@code n} itself
 * and every field of the sealed event, so changing or deleting any sealed row (or seal) breaks every MAC from there
 * on, and without the key no one can forge a chain that verifies. Plain Java: the sealer and {@code audit verify}
 * compute the same bytes.
 */
public final class AuditChain {

    /** The previous MAC of seal 1. */
    public static final String GENESIS = "0".repeat(64);

    private final SecretKeySpec key;
    private final String keyId;

    public AuditChain(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("The audit key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        try {
            // A fingerprint names the key in each seal (so a rotated key is told apart from tampering) without
            // revealing it.
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("hotline-audit-key-id:" + HexFormat.of().formatHex(key)).getBytes(StandardCharsets.US_ASCII));
            this.keyId = HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The MAC of seal {@code seq} over {@code event}, following the seal whose MAC is {@code previousMac}. */
    public String mac(String previousMac, long seq, AuditEntry event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, previousMac);
        field(out, Long.toString(seq));
        field(out, event.id() == null ? null : event.id().toString());
        field(out, event.occurredAt() == null ? null : Long.toString(event.occurredAt().toEpochMilli()));
        field(out, event.actorId() == null ? null : event.actorId().toString());
        field(out, event.actorUsername());
        field(out, event.actorRoles());
        field(out, event.address());
        field(out, event.action());
        field(out, event.objectType());
        field(out, event.objectId());
        field(out, event.result());
        field(out, event.detail());
        field(out, event.requestId());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(out.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // Length-prefixed, with null apart from "": no two different events give the same bytes.
    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.write(0xFF);
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
