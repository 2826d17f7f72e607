package dev.gma.github;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;

/** An RSA key pair made for the test run, with its private key as GitHub hands it out (PKCS#1 PEM). */
public final class TestKeys {

    public static final KeyPair PAIR = generate(2048);

    private TestKeys() {}

    public static String pkcs8Pem() {
        return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    public static String pkcs1Pem() {
        return pkcs1Pem(PAIR);
    }

    /**
     * PKCS#1 is the OCTET STRING inside the PKCS#8 PrivateKeyInfo; for RSA keys of 1024 bits or
     * more that structure's header is 26 bytes (SEQUENCE, version, rsaEncryption, OCTET STRING header).
     */
    public static String pkcs1Pem(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    }

    /** Verifies an App JWT's RS256 signature with the test public key, as GitHub would at {@code at}. */
    public static Claims verifyAppJwt(String jwt, Instant at) {
        return parseAppJwt(jwt, at).getPayload();
    }

    /** Like {@link #verifyAppJwt}, keeping the header. */
    public static Jws<Claims> parseAppJwt(String jwt, Instant at) {
        return Jwts.parser().verifyWith(PAIR.getPublic()).clock(() -> Date.from(at)).build().parseSignedClaims(jwt);
    }

    public static KeyPair generate(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
