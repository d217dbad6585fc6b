package org.ombuds.community.internal;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.ombuds.community.Communities;
import org.ombuds.community.Community;
import org.ombuds.community.IdentityHandle;
import org.ombuds.community.People;
import org.ombuds.community.Person;
import org.ombuds.community.Space;
import org.ombuds.community.Spaces;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Communities, spaces and people")
@SecurityRequirement(name = "bearer")
class CommunityApi {
    private final Communities communities;
    private final Spaces spaces;
    private final People people;

    CommunityApi(Communities communities, Spaces spaces, People people) {
        this.communities = communities;
        this.spaces = spaces;
        this.people = people;
    }

    record NewCommunity(String slug, String name, String parent) {
    }

    record NewSpace(String slug, String kind, String community, String name) {
    }

    record SpaceView(String id, String slug, String kind, String name, String community) {
    }

    record PersonView(String id, List<String> handles) {
        static PersonView of(Person person) {
            return new PersonView(person.id(), person.handles().stream().map(IdentityHandle::toString).toList());
        }
    }

    record Handles(List<String> handles) {
    }

    record Handle(String handle) {
    }

    record Merge(String from) {
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

    @PostMapping("/api/v1/people")
    @Operation(summary = "Find the person known by any of these handles, or record a new one; unknown handles are linked")
    PersonView identify(@RequestBody Handles body) {
        if (body == null || body.handles() == null) throw new InvalidInputException("handles", "handles is required");
        return PersonView.of(people.identify(body.handles().stream().map(IdentityHandle::parse).toList()));
    }

    @GetMapping("/api/v1/people")
    @Operation(summary = "Look a person up by one handle (matched by keyed hash)")
    PersonView byHandle(@RequestParam String handle) {
        return people.byHandle(IdentityHandle.parse(handle)).map(PersonView::of)
                .orElseThrow(() -> new NotFoundException("nobody is known by that handle"));
    }

    @GetMapping("/api/v1/people/{id}")
    PersonView person(@PathVariable String id) {
        return PersonView.of(people.require(id));
    }

    @PostMapping("/api/v1/people/{id}/handles")
    @Operation(summary = "Link another handle to this person")
    PersonView addHandle(@PathVariable String id, @RequestBody Handle body) {
        if (body == null) throw new InvalidInputException("handle", "handle is required");
        return PersonView.of(people.addHandle(id, IdentityHandle.parse(body.handle())));
    }

    @PostMapping("/api/v1/people/{id}/merge")
    @PreAuthorize("hasRole('ADMIN') or hasRole('MODERATOR')")
    @Operation(summary = "Merge another person record into this one (the same human, found under two handles)")
    PersonView merge(@PathVariable String id, @RequestBody Merge body) {
        if (body == null) throw new InvalidInputException("from", "from is required");
        return PersonView.of(people.merge(id, body.from()));
    }

    private SpaceView view(Space space) {
        String community = communities.byId(space.communityId()).map(Community::slug).orElse(null);
        return new SpaceView(space.id(), space.slug(), space.kind().id(), space.name(), community);
    }
}
