package dev.gma.pipeline.options;

import dev.gma.github.GitHubAppSettings;
import dev.gma.pipeline.github.GitHubAccess;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks both pipelines make of their settings before building anything. Each adds a problem,
 * naming the flag and the environment variable, to the caller's list instead of throwing, so a
 * launch reports every problem at once.
 */
public final class SettingsChecks {

    private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9.:-]{3,62}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,1023}");
    private static final Pattern SECRET_VERSION = Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/[^/]+");

    private SettingsChecks() {}

    /**
     * How workers reach GitHub: in GCP mode the Secret Manager version of the key (read on the
     * workers; the PEM never travels in the options), locally the PEM of GITHUB_PRIVATE_KEY.
     */
    public static GitHubAccess github(String appIdValue, String apiBaseUrlValue, String secretVersion,
                                      Map<String, String> env, boolean gcp, List<String> problems) {
        long appId = appId(appIdValue, problems);
        URI api = apiBaseUrl(apiBaseUrlValue, problems);
        if (gcp) {
            if (blank(secretVersion) || !SECRET_VERSION.matcher(secretVersion.strip()).matches()) {
                problems.add("--githubPrivateKeySecretId (GITHUB_PRIVATE_KEY_SECRET_ID) is required in GCP mode, as "
                        + "projects/PROJECT/secrets/NAME/versions/VERSION");
                return null;
            }
            return appId > 0 && api != null ? GitHubAccess.withSecret(appId, api, secretVersion.strip()) : null;
        }
        String pem = env.get("GITHUB_PRIVATE_KEY");
        if (blank(pem)) {
            problems.add("GITHUB_PRIVATE_KEY is required in local mode (the App's PEM private key)");
            return null;
        }
        if (appId <= 0 || api == null) {
            return null;
        }
        try {
            GitHubAppSettings checked = new GitHubAppSettings(appId, pem, api);
            return GitHubAccess.withKey(appId, checked.apiBaseUrl(), checked.privateKeyPem());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** A Google Cloud project id (PROJECT_ID), stripped. */
    public static String project(String value, List<String> problems) {
        String project = value == null ? "" : value.strip();
        if (!PROJECT.matcher(project).matches()) {
            problems.add("--projectId (PROJECT_ID) is not a Google Cloud project id: '" + project + "'");
        }
        return project;
    }

    /** A BigQuery dataset or table name, required in GCP mode; {@code name} is "--flag (VARIABLE)". */
    public static String identifier(String value, String name, List<String> problems) {
        if (blank(value) || !IDENTIFIER.matcher(value.strip()).matches()) {
            problems.add(name + " is required in GCP mode and may hold only letters, digits and _, got '"
                    + value + "'");
            return null;
        }
        return value.strip();
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static long appId(String value, List<String> problems) {
        try {
            long id = Long.parseLong(value == null ? "" : value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("--githubAppId (GITHUB_APP_ID) must be the App's numeric id, got '" + value + "'");
        return 0;
    }

    private static URI apiBaseUrl(String value, List<String> problems) {
        try {
            URI uri = URI.create(blank(value) ? "https://api.github.com" : value.strip().replaceAll("/+$", ""));
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        problems.add("--githubApiBaseUrl (GITHUB_API_BASE_URL) must be an http(s) URL such as "
                + "https://api.github.com, got '" + value + "'");
        return null;
    }
}
