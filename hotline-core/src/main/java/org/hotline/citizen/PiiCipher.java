package org.hotline.citizen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts citizens' personal data at rest (AES-256-GCM) and derives keyed lookup hashes (HMAC-SHA-256), both from
 * one 32-byte master key. A ciphertext starts with a key version byte, so keys can be rotated later without
 * re-encrypting everything at once.
 */
public final class PiiCipher {

    private static final int VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hashKey;
    private final byte[] masterKey;
    private final SecureRandom random = new SecureRandom();

    public PiiCipher(byte[] masterKey) {
        if (masterKey == null || masterKey.length != 32) {
            throw new IllegalArgumentException("The personal-data key must be 32 bytes (base64 of 32 random bytes)");
        }
        // Separate keys for separate jobs, derived from the master key.
        this.encryptionKey = new SecretKeySpec(derive(masterKey, "hotline-pii-encryption"), "AES");
        this.hashKey = new SecretKeySpec(derive(masterKey, "hotline-pii-lookup"), "HmacSHA256");
        this.masterKey = masterKey.clone();
    }

    public static PiiCipher fromBase64(String key) {
        try {
            return new PiiCipher(Base64.getDecoder().decode(key.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The personal-data key must be base64 of 32 random bytes", e);
        }
    }

    public static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public byte[] encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(new byte[] {VERSION});
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + ct.length).put((byte) VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != VERSION) {
            throw new IllegalStateException("Unknown personal-data ciphertext version");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            c.updateAAD(new byte[] {sealed[0]});
            byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Personal data cannot be decrypted with this key", e);
        }
    }

    /** A keyed hash for finding records by a value without storing the value: equal inputs, equal hashes. */
    public String lookupHash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key for another job derived from the master key (one master key to keep, separate keys in use). */
    public byte[] subkey(String purpose) {
        return derive(masterKey, purpose);
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
