package dev.gma.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA private key from PEM: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what GitHub hands
 * out) or PKCS#8 ({@code BEGIN PRIVATE KEY}). The JDK reads only PKCS#8, so PKCS#1 is wrapped
 * in a PKCS#8 PrivateKeyInfo first (no BouncyCastle). Error messages never contain key material.
 */
public final class PrivateKeys {

    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    /** RS256 needs at least 2048 bits (jjwt refuses smaller keys when signing). */
    private static final int MIN_BITS = 2048;
    /** AlgorithmIdentifier SEQUENCE { OID 1.2.840.113549.1.1.1 rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PrivateKeys() {}

    /** @throws IllegalArgumentException naming GITHUB_PRIVATE_KEY when the text is not a usable RSA key */
    public static PrivateKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw invalid("is empty");
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw invalid("is encrypted; give the unencrypted PEM that GitHub lets you download");
        }
        boolean pkcs1 = pem.contains("-----BEGIN " + PKCS1 + "-----");
        byte[] der = base64Body(pem, pkcs1 ? PKCS1 : PKCS8);
        RSAPrivateKey key = rsaKey(pkcs1 ? wrapPkcs1(der) : der);
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw invalid("is shorter than " + MIN_BITS + " bits, too short for RS256");
        }
        return key;
    }

    private static byte[] base64Body(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw invalid("is not a PEM RSA private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("has a body that is not base64");
        }
    }

    private static RSAPrivateKey rsaKey(byte[] pkcs8) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            // The cause is dropped on purpose: some providers quote the offending bytes.
            throw invalid("is not a valid RSA private key");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(VERSION_0);
        info.writeBytes(RSA_ALGORITHM);
        info.writeBytes(derElement(0x04, pkcs1));
        return derElement(0x30, info.toByteArray());
    }

    /** One DER tag-length-value; lengths of 128 and more use the long form. */
    private static byte[] derElement(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int lengthBytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | lengthBytes);
            for (int i = lengthBytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("GITHUB_PRIVATE_KEY " + problem);
    }
}
