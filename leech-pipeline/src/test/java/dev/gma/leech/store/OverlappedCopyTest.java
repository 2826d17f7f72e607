package dev.gma.leech.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The two halves of a copy and what happens when either fails; every test bounded in time. */
class OverlappedCopyTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int SIZE = 64 * 1024;
    private static final String READER = "test-reader";

    private final OverlappedCopy copy = new OverlappedCopy(3, SIZE, Duration.ofSeconds(5));

    @Test
    void everyByteReachesBothSidesOnceAndInOrder() {
        byte[] data = new byte[5_000_123];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        long copied = assertTimeoutPreemptively(BOUND, () -> copy.copy(new Dribbling(data, 7_777),
                (b, n) -> read.write(b, 0, n), (b, n) -> written.write(b, 0, n), READER));

        assertThat(copied).isEqualTo(data.length);
        assertThat(read.toByteArray()).isEqualTo(data);
        assertThat(written.toByteArray()).isEqualTo(data);
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void anEmptyStreamCopiesNothing() {
        AtomicLong calls = new AtomicLong();
        long copied = assertTimeoutPreemptively(BOUND, () -> copy.copy(InputStream.nullInputStream(),
                (b, n) -> calls.incrementAndGet(), (b, n) -> calls.incrementAndGet(), READER));
        assertThat(copied).isZero();
        assertThat(calls).hasValue(0);
    }

    @Test
    void theReaderNeverRunsMoreThanItsBuffersAhead() throws Exception {
        Endless endless = new Endless();
        CountDownLatch sinkEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                copy.copy(endless, (b, n) -> { }, (b, n) -> {
                    sinkEntered.countDown();
                    await(release);
                    throw new IOException("disk full");
                }, READER);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        assertThat(sinkEntered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // The writer holds one buffer; the reader may fill the other two, then must wait.
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (endless.served() < 3L * SIZE && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300); // time enough to overrun, if it could
        assertThat(endless.served()).isEqualTo(3L * SIZE);

        release.countDown();
        caller.join(BOUND.toMillis());
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void aFailedReadSurfacesOnTheCallerAsThrownAndTheWriterSawOnlyWholeBuffersBeforeIt() {
        byte[] data = new byte[10 * SIZE];
        InputStream dropping = new FailingAfter(new ByteArrayInputStream(data), 4 * SIZE + 100,
                new IOException("connection reset"));
        AtomicLong written = new AtomicLong();

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> copy.copy(dropping, (b, n) -> { },
                (b, n) -> written.addAndGet(n), READER)).isInstanceOf(IOException.class).hasMessage("connection reset"));

        assertThat(written.get()).isLessThanOrEqualTo(4L * SIZE).isEqualTo(written.get() / SIZE * SIZE);
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void aFailureOnTheReaderSideAfterTheReadStopsTheCopyBeforeThatBufferIsWritten() {
        byte[] data = new byte[10 * SIZE];
        AtomicLong hashed = new AtomicLong();
        AtomicLong written = new AtomicLong();

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> copy.copy(new ByteArrayInputStream(data),
                (b, n) -> {
                    if (hashed.addAndGet(n) > 2L * SIZE) {
                        throw new IllegalStateException("digest broken");
                    }
                }, (b, n) -> written.addAndGet(n), READER)).isInstanceOf(IllegalStateException.class)
                .hasMessage("digest broken"));

        assertThat(written.get()).isLessThanOrEqualTo(2L * SIZE);
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void aFailedWriteSurfacesAndStopsTheReader() {
        Endless endless = new Endless();
        AtomicLong writes = new AtomicLong();

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> copy.copy(endless, (b, n) -> { }, (b, n) -> {
            if (writes.incrementAndGet() == 3) {
                throw new IOException("disk full");
            }
        }, READER)).isInstanceOf(IOException.class).hasMessage("disk full"));

        assertThat(readerAlive()).as("stopped before copy returned").isFalse();
        long served = endless.served();
        assertThat(served).as("at most the buffers in flight past the failed one").isLessThanOrEqualTo(6L * SIZE);
    }

    @Test
    void aReadBlockedPastTheStopWaitIsToldAndLeftToItsTimeout() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        InputStream blocking = new InputStream() {
            private boolean first = true;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (first) {
                    first = false;
                    return len; // one whole buffer, then the network goes quiet
                }
                blocked.countDown();
                awaitIgnoringInterrupts(unblock); // as a socket read does
                throw new IOException("read timed out");
            }
        };
        OverlappedCopy shortWait = new OverlappedCopy(2, SIZE, Duration.ofMillis(200));

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> shortWait.copy(blocking, (b, n) -> { },
                (b, n) -> {
                    await(blocked); // the reader is inside its read, not between two
                    throw new IOException("disk full");
                }, READER)).hasMessage("disk full").satisfies(e -> assertThat(e.getSuppressed())
                .singleElement().satisfies(s -> assertThat(s).hasMessageContaining("still blocked in a read"))));

        assertThat(readerAlive()).isTrue();
        unblock.countDown();
        waitUntilReaderEnds();
        assertThat(readerAlive()).isFalse();
    }

    @Test
    void anInterruptedCallerStopsTheReaderAndKeepsItsInterrupt() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                copy.copy(new Endless(), (b, n) -> { }, (b, n) -> {
                    writing.countDown();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // like a channel would, keep the flag
                    }
                }, READER);
            } catch (Throwable e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(writing.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(BOUND.toMillis());

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(stillInterrupted.get()).isTrue();
        waitUntilReaderEnds();
        assertThat(readerAlive()).isFalse();
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(READER) && t.isAlive());
    }

    private static void waitUntilReaderEnds() throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (readerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        boolean interrupted = false;
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (latch.getCount() > 0) {
            throw new IOException("test latch never released");
        }
    }

    /** Zeros without end, counting what it served. */
    private static final class Endless extends InputStream {
        private final AtomicLong served = new AtomicLong();

        long served() {
            return served.get();
        }

        @Override
        public int read() {
            served.incrementAndGet();
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served.addAndGet(len);
            return len;
        }
    }

    /** At most {@code step} bytes per read, as a network does. */
    private static final class Dribbling extends ByteArrayInputStream {
        private final int step;

        Dribbling(byte[] data, int step) {
            super(data);
            this.step = step;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, step));
        }
    }

    /** Serves {@code in} until {@code limit} bytes, then throws {@code failure}. */
    private static final class FailingAfter extends InputStream {
        private final InputStream in;
        private final IOException failure;
        private long left;

        FailingAfter(InputStream in, long limit, IOException failure) {
            this.in = in;
            this.left = limit;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
