package io.conveyor.edge.admin;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {
    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    List<ProjectionAdmin.Projection> list() {
        return admin.list();
    }

    @GetMapping("/{name}")
    ProjectionAdmin.Projection get(@PathVariable String name) {
        return admin.get(name);
    }

    /** 202: the replay has started; follow it in the list. */
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionAdmin.Projection> replay(@PathVariable String name) {
        return ResponseEntity.accepted().body(admin.replay(name));
    }
}
