package dev.gma.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One column of a BigQuery JSON schema file. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Column(String name, String type, String mode, String description) {

    public boolean required() {
        return "REQUIRED".equals(mode);
    }
}
