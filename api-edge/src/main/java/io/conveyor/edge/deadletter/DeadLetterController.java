package io.conveyor.edge.deadletter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/dead-letters")
@Tag(name = "Admin")
class DeadLetterController {
    private final DeadLetters letters;

    DeadLetterController(DeadLetters letters) {
        this.letters = letters;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "The caller's tenant's parked events, oldest first")
    List<DeadLetters.Letter> list() {
        return letters.list();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "One parked event, with its cause and its retries")
    DeadLetters.Letter get(@PathVariable String id) {
        return letters.get(id);
    }

    /** 200 with what happened: the retry runs while the request waits. */
    @PostMapping("/{id}/retry")
    @Operation(operationId = "retryDeadLetter", summary = "Retry the letter's sequence now and say what happened")
    DeadLetters.Retry retry(@PathVariable String id) {
        return letters.retry(id);
    }

    @DeleteMapping("/{id}")
    @Operation(
            operationId = "deleteDeadLetter",
            summary = "Give up on a parked event: it is never handled",
            responses = @ApiResponse(responseCode = "204", description = "Removed"))
    ResponseEntity<Void> delete(@PathVariable String id) {
        letters.delete(id);
        return ResponseEntity.noContent().build();
    }
}
