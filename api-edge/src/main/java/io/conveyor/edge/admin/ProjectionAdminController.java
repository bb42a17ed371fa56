package io.conveyor.edge.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin")
class ProjectionAdminController {
    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    @Operation(operationId = "listProjections", summary = "Every streaming processor: position, lag, rate, replay")
    List<ProjectionAdmin.Projection> list() {
        return admin.list();
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getProjection", summary = "One streaming processor")
    ProjectionAdmin.Projection get(@PathVariable String name) {
        return admin.get(name);
    }

    /** 202: the replay has started; follow it in the list. */
    @PostMapping("/{name}/replay")
    @Operation(
            operationId = "replayProjection",
            summary = "Rebuild a projection from the log while the application serves",
            responses = @ApiResponse(responseCode = "202", description = "Accepted; the replay has started"))
    ResponseEntity<ProjectionAdmin.Projection> replay(@PathVariable String name) {
        return ResponseEntity.accepted().body(admin.replay(name));
    }
}
