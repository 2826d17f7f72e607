package dev.gma.leech.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a stream in two overlapped halves: a reader thread fills a buffer and runs
 * {@code afterRead} on it (the leech hashes there, while the bytes are still in cache), then hands
 * it to the caller's thread, which runs {@code sink} on it (the write) while the reader fills the
 * next. Memory is a fixed set of buffers (count x size), allocated per copy and passed round
 * between the two: the reader never runs more than that far ahead, whatever the stream's length.
 * Buffers reach {@code sink} in stream order, and all of them pass {@code afterRead} first.
 *
 * <p>Failures: a read or an {@code afterRead} that fails is rethrown on the caller's thread as it
 * was thrown; a {@code sink} that fails (or an interrupt of the caller) stops the reader and is
 * rethrown. Either way the reader is waited for, at most {@code stopWait} (a read blocked on the
 * network ends at its read timeout), so nothing touches the stream or the buffers once
 * {@link #copy} returned, unless that wait ran out, which is then told as a suppressed exception.
 */
final class OverlappedCopy {

    /** What the caller does with each filled buffer, in stream order. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] buffer, int length) throws IOException;
    }

    /** A filled buffer, or the end of the stream ({@code buffer == null}), or the read's failure. */
    private record Filled(byte[] buffer, int length, Throwable failure) {
        static final Filled END = new Filled(null, 0, null);
    }

    private final int buffers;
    private final int bufferSize;
    private final Duration stopWait;

    OverlappedCopy(int buffers, int bufferSize, Duration stopWait) {
        if (buffers < 1 || bufferSize < 1) {
            throw new IllegalArgumentException("need at least one buffer of at least one byte");
        }
        this.buffers = buffers;
        this.bufferSize = bufferSize;
        this.stopWait = stopWait;
    }

    /** Feeds all of {@code in} to both sinks; returns the byte count. Does not close {@code in}. */
    long copy(InputStream in, Sink afterRead, Sink sink, String readerName) throws IOException {
        BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            empty.add(new byte[bufferSize]);
        }
        // Room for every buffer plus the end or failure: the reader never waits to hand something over.
        BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(buffers + 1);
        Reader reader = new Reader(in, afterRead, empty, filled);
        Thread thread = new Thread(reader, readerName);
        thread.setDaemon(true); // never keeps a JVM alive, even in the rare case it outlives the copy
        thread.start();
        long total = 0;
        try {
            for (Filled next = filled.take(); next != Filled.END; next = filled.take()) {
                if (next.failure() != null) {
                    throw rethrow(next.failure());
                }
                sink.accept(next.buffer(), next.length());
                total += next.length();
                empty.add(next.buffer());
            }
            thread.join(); // it handed the end over and returns at once
            return total;
        } catch (InterruptedException e) {
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while copying");
            stop(reader, thread, interrupted);
            Thread.currentThread().interrupt(); // kept for the caller
            throw interrupted;
        } catch (IOException | RuntimeException | Error e) {
            stop(reader, thread, e);
            throw e;
        }
    }

    /**
     * Asks the reader to stop and waits for it, at most {@code stopWait}, even if this thread was
     * interrupted (the flag is kept).
     */
    private void stop(Reader reader, Thread thread, Throwable cause) {
        reader.stopped = true;
        thread.interrupt(); // wakes it if it waits for a buffer; a blocked read ends at its timeout
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + stopWait.toNanos();
        for (long left = stopWait.toNanos(); left > 0 && thread.isAlive(); left = deadline - System.nanoTime()) {
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            cause.addSuppressed(new IOException(thread.getName() + " still blocked in a read after "
                    + stopWait.toMillis() + " ms; left to end at its read timeout"));
        }
    }

    private static IOException rethrow(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    private static final class Reader implements Runnable {
        private final InputStream in;
        private final Sink afterRead;
        private final BlockingQueue<byte[]> empty;
        private final BlockingQueue<Filled> filled;
        volatile boolean stopped;

        Reader(InputStream in, Sink afterRead, BlockingQueue<byte[]> empty, BlockingQueue<Filled> filled) {
            this.in = in;
            this.afterRead = afterRead;
            this.empty = empty;
            this.filled = filled;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    byte[] buffer = empty.take();
                    int n = 0;
                    int read = 0;
                    while (n < buffer.length && (read = in.read(buffer, n, buffer.length - n)) >= 0) {
                        n += read; // a whole buffer per hand-off, whatever each read returns
                    }
                    if (n > 0) {
                        afterRead.accept(buffer, n);
                        filled.add(new Filled(buffer, n, null));
                    }
                    if (read < 0) {
                        filled.add(Filled.END);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped by the caller, who no longer takes anything
            } catch (Throwable e) { // every failure, Errors included, reaches the caller's thread
                filled.add(new Filled(null, 0, e));
            }
        }
    }
}
