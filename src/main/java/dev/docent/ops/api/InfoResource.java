package dev.docent.ops.api;

import dev.docent.ingest.service.IngestionSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The server's identity for any authenticated caller: what an evaluation records about the server it measured. */
@Path("/v1/info")
@Tag(name = "Info")
public class InfoResource {
    private final IngestionSettings ingestion;
    private final String version;

    InfoResource(
            IngestionSettings ingestion,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.ingestion = ingestion;
        this.version = version;
    }

    @GET
    @Operation(
            summary = "Service version and effective ingestion settings",
            description = "Chunk size and overlap, the default embedding model and its dimension, OCR on or off and"
                    + " the text write limit: the settings that decide what a document becomes. No secrets or"
                    + " provider URLs.")
    public ServiceInfo info() {
        return new ServiceInfo(version, ServiceInfo.Ingestion.of(ingestion.current()));
    }
}
