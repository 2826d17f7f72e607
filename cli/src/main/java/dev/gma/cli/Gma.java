package dev.gma.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.gma.cli.gcp.BigQueryStatus;
import dev.gma.cli.gcp.PubSubDeadLetters;
import dev.gma.cli.local.SqliteOperatorStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bin/gma}: what an operator needs without SQL. Exit codes: 0 done, 1 the operation failed
 * (the message says why), 2 a setting or an argument is wrong.
 */
@Command(name = "gma", mixinStandardHelpOptions = true, version = "gma 0.1.0",
        description = "Operate the GitHub Metrics Aggregator (local mode, or GCP mode when PROJECT_ID is set).",
        subcommands = {Gma.Status.class, Gma.Dlq.class, Gma.Retry.class})
public final class Gma {

    final CliSettings settings;

    Gma(CliSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        System.exit(run(CliSettings.from(System.getenv()), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; the exit code. */
    public static int run(CliSettings settings, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Gma(settings));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliSettings.UsageException) {
                err.println("gma: " + e.getMessage());
                return 2;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("gma: " + line.getCommandSpec().qualifiedName(" ").replaceFirst("^gma ", "") + " failed: " + why);
            return 1;
        });
        return cli.execute(args);
    }

    static String json(Object value) throws Exception {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(value);
    }

    @Command(name = "status", description = "Events of the last 24 h by type, publish failures, dead letters (local), the last retry run, the leech.")
    static final class Status implements Callable<Integer> {
        @ParentCommand Gma gma;
        @Spec CommandLine.Model.CommandSpec spec;
        @Option(names = "--json", description = "JSON for scripts") boolean asJson;

        @Override
        public Integer call() throws Exception {
            StatusReport report;
            if (gma.settings.gcp()) {
                gma.settings.require("status", "DATASET_ID");
                report = BigQueryStatus.connect(gma.settings).status(Instant.now());
            } else {
                report = new SqliteOperatorStore(gma.settings.dataDir()).status(Instant.now());
            }
            spec.commandLine().getOut().print(asJson ? json(report) + "\n" : report.human());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "dlq", description = "The dead letters: deliveries that failed to publish RETRY_LIMIT times.",
            subcommands = {Dlq.ListLetters.class, Dlq.Replay.class})
    static final class Dlq {
        @ParentCommand Gma gma;

        DeadLetters open() throws Exception {
            if (gma.settings.gcp()) {
                gma.settings.require("dlq", "EVENTS_TOPIC_ID", "DLQ_SUBSCRIPTION_ID");
                return PubSubDeadLetters.connect(gma.settings);
            }
            return new SqliteOperatorStore(gma.settings.dataDir());
        }

        static void close(DeadLetters letters) throws Exception {
            if (letters instanceof AutoCloseable c) {
                c.close();
            }
        }

        @Command(name = "list", description = "Lists dead letters, oldest first.")
        static final class ListLetters implements Callable<Integer> {
            @ParentCommand Dlq dlq;
            @Spec CommandLine.Model.CommandSpec spec;
            @Option(names = "--limit", defaultValue = "50", description = "at most this many (default ${DEFAULT-VALUE})") int limit;
            @Option(names = "--json") boolean asJson;

            @Override
            public Integer call() throws Exception {
                DeadLetters letters = dlq.open();
                try {
                    List<DeadLetters.Letter> list = letters.list(limit);
                    PrintWriter out = spec.commandLine().getOut();
                    if (asJson) {
                        out.println(json(list));
                    } else {
                        list.forEach(l -> out.printf("%s  %-20s %s  %s%n", l.received(), l.event(), l.deliveryId(), l.repository()));
                        out.printf("%d dead letter(s) shown%n", list.size());
                    }
                    out.flush();
                    return 0;
                } finally {
                    close(letters);
                }
            }
        }

        @Command(name = "replay", description = "Moves dead letters back to the events (oldest first); a second replay adds nothing.")
        static final class Replay implements Callable<Integer> {
            @ParentCommand Dlq dlq;
            @Spec CommandLine.Model.CommandSpec spec;
            @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default ${DEFAULT-VALUE})") int limit;
            @Option(names = "--delivery-id", description = "only this delivery") String deliveryId;

            @Override
            public Integer call() throws Exception {
                if (limit < 1) {
                    throw new CliSettings.UsageException("--limit must be at least 1");
                }
                DeadLetters letters = dlq.open();
                try {
                    PrintWriter out = spec.commandLine().getOut();
                    DeadLetters.ReplaySummary s = letters.replay(limit, deliveryId, line -> {
                        out.println(line);
                        out.flush();
                    });
                    out.println(json(Map.of("replayed", s.replayed(), "already_stored", s.alreadyStored(),
                            "skipped", s.skipped(), "failed", s.failed())));
                    out.flush();
                    return s.failed() > 0 ? 1 : 0;
                } finally {
                    close(letters);
                }
            }
        }
    }

    @Command(name = "retry", description = "The retry service.", subcommands = {Retry.Now.class})
    static final class Retry {
        @ParentCommand Gma gma;

        @Command(name = "now", description = "Runs a retry now (POST /retry), as the scheduler does.")
        static final class Now implements Callable<Integer> {
            @ParentCommand Retry retry;
            @Spec CommandLine.Model.CommandSpec spec;
            @Option(names = "--timeout", defaultValue = "PT10M", description = "longest wait for the run (ISO-8601, default ${DEFAULT-VALUE})")
            Duration timeout;

            @Override
            public Integer call() throws Exception {
                CliSettings s = retry.gma.settings;
                s.require("retry now", "RETRY_SERVICE_URL");
                RetryTrigger.Answer answer = new RetryTrigger(timeout).trigger(s.retryServiceUrl(), s.gcp());
                PrintWriter out = spec.commandLine().getOut();
                out.println(answer.body());
                out.flush();
                if (answer.status() / 100 != 2) {
                    spec.commandLine().getErr().println("gma: the retry service answered " + answer.status());
                    spec.commandLine().getErr().flush();
                    return 1;
                }
                return 0;
            }
        }
    }
}
