package dev.gma.dashboard.http;

import dev.gma.config.Modes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Local mode: the archived logs of a workflow run (the leech pipeline's local "bucket",
 * {@code $GMA_DATA_DIR/bucket/<owner>/<repo>/<run>/<attempt>/logs.zip}) as a download, so the CI page
 * can link them as it links gs:// objects to the Cloud Console on Google Cloud. Only regular files
 * under the bucket folder are served (the real path is checked: no "..", no symlink out of it).
 */
@Controller("/logs")
@Requires(notEnv = Modes.GCP)
@ExecuteOn(TaskExecutors.BLOCKING)
public class LocalLogsController {

    private final Path bucket;

    public LocalLogsController(@Value("${gma.dashboard.data-dir}") String dataDir) {
        this.bucket = Path.of(dataDir).resolve("bucket").toAbsolutePath().normalize();
    }

    @Get(produces = "application/zip")
    public HttpResponse<?> logs(@QueryValue String uri) {
        Path file = inBucket(uri);
        if (file == null) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(Map.of("errors", List.of("no archived logs at that address in the local bucket " + bucket)));
        }
        return HttpResponse.ok(new SystemFile(file.toFile()).attach(
                file.getParent().getParent().getFileName() + "-" + file.getParent().getFileName() + "-logs.zip"));
    }

    /** The file the URI names when it is a regular file inside the bucket folder, else null. */
    Path inBucket(String uri) {
        if (uri == null || uri.isBlank() || uri.contains("\u0000")) {
            return null;
        }
        String path = uri.startsWith("file://") ? uri.substring("file://".length()) : uri.startsWith("file:") ? uri.substring(5) : uri;
        try {
            Path candidate = Path.of(path);
            if (!candidate.isAbsolute()) {
                candidate = bucket.resolve(candidate);
            }
            if (!Files.isRegularFile(candidate) || !Files.isDirectory(bucket)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(bucket.toRealPath()) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
