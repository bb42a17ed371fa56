package io.conveyor.edge.deadletter;

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
class DeadLetterController {
    private final DeadLetters letters;

    DeadLetterController(DeadLetters letters) {
        this.letters = letters;
    }

    @GetMapping
    List<DeadLetters.Letter> list() {
        return letters.list();
    }

    @GetMapping("/{id}")
    DeadLetters.Letter get(@PathVariable String id) {
        return letters.get(id);
    }

    /** 200 with what happened: the retry runs while the request waits. */
    @PostMapping("/{id}/retry")
    DeadLetters.Retry retry(@PathVariable String id) {
        return letters.retry(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        letters.delete(id);
        return ResponseEntity.noContent().build();
    }
}
