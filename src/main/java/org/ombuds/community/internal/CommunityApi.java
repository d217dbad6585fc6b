package org.ombuds.community.internal;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Communities and spaces")
@SecurityRequirement(name = "bearer")
class CommunityApi {
    private final Communities communities;
    private final Spaces spaces;

    CommunityApi(Communities communities, Spaces spaces) {
        this.communities = communities;
        this.spaces = spaces;
    }

    record NewCommunity(String slug, String name, String parent) {
    }

    record NewSpace(String slug, String kind, String community, String name) {
    }

    record SpaceView(String id, String slug, String kind, String name, String community) {
    }

    @GetMapping("/api/v1/communities")
    @Operation(summary = "All communities")
    List<Community> communities() {
        return communities.all();
    }

    @PostMapping("/api/v1/communities")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Add a community, optionally inside a parent whose Code it then follows (admins)")
    ResponseEntity<Community> addCommunity(@RequestBody NewCommunity body) {
        Community community = communities.create(body.slug(), body.name(), body.parent());
        return ResponseEntity.created(URI.create("/api/v1/communities/" + community.slug())).body(community);
    }

    @GetMapping("/api/v1/spaces")
    @Operation(summary = "All spaces, or those of one community")
    List<SpaceView> spaces(@RequestParam(required = false) String community) {
        List<Space> list = community == null ? spaces.all() : spaces.of(communities.require(community).id());
        return list.stream().map(this::view).toList();
    }

    @PostMapping("/api/v1/spaces")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Add a space (admins); kind is one of the Code's kinds of space")
    ResponseEntity<SpaceView> addSpace(@RequestBody NewSpace body) {
        Space space = spaces.add(body.slug(), body.kind(), body.community(), body.name());
        return ResponseEntity.created(URI.create("/api/v1/spaces/" + space.slug())).body(view(space));
    }

    @GetMapping("/api/v1/spaces/{slug}")
    SpaceView space(@PathVariable String slug) {
        return view(spaces.require(slug));
    }

    private SpaceView view(Space space) {
        String community = communities.byId(space.communityId()).map(Community::slug).orElse(null);
        return new SpaceView(space.id(), space.slug(), space.kind().id(), space.name(), community);
    }
}
