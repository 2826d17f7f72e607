import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The physical floor of the verification path: HMAC-SHA256 of the same bytes in a bare loop,
 * after warm-up. Prints microseconds per HMAC. Usage: java HmacFloor.java FILE [iterations]
 */
public class HmacFloor {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("bench-secret".getBytes(), "HmacSHA256"));
        long sink = 0;
        for (int i = 0; i < iterations; i++) { // warm-up
            sink += mac.doFinal(body)[0];
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink += mac.doFinal(body)[0];
        }
        double micros = (System.nanoTime() - start) / 1000.0 / iterations;
        System.out.printf("HMAC bytes=%d us_per_hmac=%.2f sink=%d%n", body.length, micros, sink);
    }
}
