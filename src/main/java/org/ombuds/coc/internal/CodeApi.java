package org.ombuds.coc.internal;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.coc.ActionDeclaration;
import org.ombuds.coc.Category;
import org.ombuds.coc.CodeOfConduct;
import org.ombuds.coc.CodeVersion;
import org.ombuds.coc.EnforcementAction;
import org.ombuds.coc.ScopeEntry;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/coc")
@Tag(name = "Code of Conduct", description = "The published Code, its versions and what it defines")
class CodeApi {
    private final CodeOfConduct code;
    private final OmbudsProperties properties;

    CodeApi(CodeOfConduct code, OmbudsProperties properties) {
        this.code = code;
        this.properties = properties;
    }

    record CodeView(int version, String sha256, Instant effectiveAt, String url, List<Category> categories,
                    List<EnforcementAction> actions, List<ScopeEntry> scope) {
    }

    record VersionSummary(int version, String sha256, Instant effectiveAt, Instant publishedAt, String note, String url) {
    }

    record VersionText(int version, String sha256, Instant effectiveAt, Instant publishedAt, String note, String markdown,
                       List<Category> categories, List<EnforcementAction> actions, List<ScopeEntry> scope) {
    }

    /** {@code ladder}: the kind (and quorum) of each action that is not one of the default Code's. */
    record Publication(String markdown, Instant effectiveAt, String community, String note, List<ActionDeclaration> ladder) {
    }

    record Diff(int from, int to, String unified) {
    }

    @GetMapping
    @Operation(summary = "The Code in force, with its category, action and scope ids")
    CodeView current(@RequestParam(required = false) String community) {
        CodeVersion version = code.current(community);
        return new CodeView(version.version(), version.sha256(), version.effectiveAt(), url(version),
                version.categories(), version.actions(), version.scope());
    }

    @GetMapping("/versions")
    @Operation(summary = "Every published version, newest first (including versions scheduled to take effect)")
    List<VersionSummary> versions(@RequestParam(required = false) String community) {
        return code.versions(community).stream()
                .map(v -> new VersionSummary(v.version(), v.sha256(), v.effectiveAt(), v.publishedAt(), v.note(), url(v)))
                .toList();
    }

    @GetMapping("/versions/{version}")
    @Operation(summary = "One version's text as published (placeholders unfilled) and what it defines")
    VersionText version(@PathVariable int version, @RequestParam(required = false) String community) {
        CodeVersion v = code.version(community, version);
        return new VersionText(v.version(), v.sha256(), v.effectiveAt(), v.publishedAt(), v.note(), v.markdown(),
                v.categories(), v.actions(), v.scope());
    }

    @GetMapping("/diff")
    @Operation(summary = "What changed between two versions, as a unified diff")
    Diff diff(@RequestParam int from, @RequestParam int to, @RequestParam(required = false) String community) {
        return new Diff(from, to, String.join("\n", CodeDiff.unified(code.version(community, from), code.version(community, to))));
    }

    @PostMapping("/versions")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Publish a new version (admins): {markdown, effectiveAt?, community?, note?,"
            + " ladder?: [{action, kind, quorum?}] for each action that is not the default Code's}")
    ResponseEntity<VersionSummary> publish(@RequestBody Publication publication, Principal principal) {
        if (publication == null) throw new InvalidInputException("markdown", "the Code's text is required");
        CodeVersion v = code.publish(publication.community(), publication.markdown(), publication.effectiveAt(),
                principal.getName(), publication.note(), publication.ladder() == null ? List.of() : publication.ladder());
        return ResponseEntity.created(URI.create(url(v)))
                .body(new VersionSummary(v.version(), v.sha256(), v.effectiveAt(), v.publishedAt(), v.note(), url(v)));
    }

    private String url(CodeVersion version) {
        return properties.baseUrl() + "/coc/versions/" + version.version();
    }
}
