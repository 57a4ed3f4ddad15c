package org.hotline.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher();

    @Test
    @DisplayName("Argon2id hashes verify the right password only, and never contain it")
    void verify() {
        String hash = hasher.hash("正确的密码 correct horse".toCharArray());
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains("correct"));
        assertTrue(hasher.verify("正确的密码 correct horse".toCharArray(), hash));
        assertFalse(hasher.verify("正确的密码 correct horsE".toCharArray(), hash));
    }

    @Test
    @DisplayName("the same password hashes differently each time (random salt)")
    void salted() {
        assertNotEquals(hasher.hash("demo".toCharArray()), hasher.hash("demo".toCharArray()));
    }

    @Test
    @DisplayName("hashes made with other parameters still verify; malformed hashes never do")
    void parametersTravelWithTheHash() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("pw".toCharArray());
        assertTrue(hasher.verify("pw".toCharArray(), cheap));
        assertFalse(hasher.verify("pw".toCharArray(), "$argon2id$v=19$m=x$$"));
        assertFalse(hasher.verify("pw".toCharArray(), "plain-text"));
        assertFalse(hasher.verify("pw".toCharArray(), null));
    }
}
