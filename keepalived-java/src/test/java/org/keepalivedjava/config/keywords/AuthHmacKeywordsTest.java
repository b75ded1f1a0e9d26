package org.keepalivedjava.config.keywords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedjava.config.model.vrrp.VrrpConfig;

/**
 * The HMAC keywords of the authentication block (keepalived-java's names for keepalived's auth_hmac extension,
 * which keepalived 2.2.7 does not know, so there is no -t output to compare with).
 */
class AuthHmacKeywordsTest {
    private static final String KEY1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String KEY2 = KEY1 + KEY1; // 64 bytes, the maximum

    private static VrrpConfig.Instance load(String auth, List<String> expectedMessages) {
        var r = VrrpFixtures.load(VrrpFixtures.instance(" version 3\n authentication {\n" + auth + "\n }"));
        assertEquals(expectedMessages, VrrpFixtures.messages(r));
        return r.config().vrrp().instances().get(0);
    }

    @Test
    void keysActiveKeyAndWindow() {
        var i = load("  auth_hmac_key 1 " + KEY1 + "\n  auth_hmac_key 2 " + KEY2 + "\n  auth_hmac_active_key 2\n"
                + "  auth_hmac_window 30", List.of());
        VrrpConfig.Authentication a = i.authentication();
        assertTrue(a.hmac());
        assertEquals(List.of(1, 2), a.hmacKeys().stream().map(VrrpConfig.HmacKey::id).toList());
        assertEquals(32, a.hmacKeys().get(0).key().length);
        assertEquals(3, a.hmacKeys().get(0).key()[3]);
        assertEquals(2, a.hmacActiveKey());
        assertEquals(30, a.hmacWindowSeconds());
        assertNull(a.type(), "no PASS/AH: the HMAC trailer works with VRRPv3 too");
        assertFalse(a.hmacKeys().get(0).toString().contains("0001"), "key material never printed");
    }

    @Test
    void badKeysAreRefusedWithTheirLine() {
        var i = load("  auth_hmac_key 1 0011\n  auth_hmac_key 2 xyz\n  auth_hmac_key 3 " + KEY1 + "\n  auth_hmac_key 3 "
                + KEY1 + "\n  auth_hmac_active_key 9", List.of(
                "(k.conf: Line 6) (VI_1) auth_hmac_key 1 must be 32 to 64 bytes (64 to 128 hex digits),"
                        + " not 2 - ignoring",
                "(k.conf: Line 7) (VI_1) auth_hmac_key 2 is not hexadecimal - ignoring",
                "(k.conf: Line 9) (VI_1) duplicate auth_hmac_key 3 - ignoring",
                "(VI_1) auth_hmac_active_key 9 is not a configured auth_hmac_key - using key 3"));
        assertEquals(List.of(3), i.authentication().hmacKeys().stream().map(VrrpConfig.HmacKey::id).toList());
        assertEquals(3, i.authentication().hmacActiveKey());
    }
}
