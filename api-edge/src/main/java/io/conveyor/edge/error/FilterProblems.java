package io.conveyor.edge.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 answers from servlet filters, which run before Spring MVC and its {@code ProblemHandler}: the same body
 * shape, written directly.
 */
public final class FilterProblems {
    private FilterProblems() {}

    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ObjectMapper json,
            HttpStatus status,
            URI type,
            String title,
            String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /**
     * The request's body, when it has at most {@code max} bytes; a larger one is answered {@code 413} here, saying
     * {@code tooLarge}, and nothing is returned.
     */
    public static Optional<byte[]> boundedBody(
            HttpServletRequest request, HttpServletResponse response, ObjectMapper json, int max, String tooLarge)
            throws IOException {
        byte[] body = request.getInputStream().readNBytes(max + 1);
        if (body.length <= max) {
            return Optional.of(body);
        }
        write(
                request,
                response,
                json,
                HttpStatus.PAYLOAD_TOO_LARGE,
                ProblemTypes.VALIDATION_FAILED,
                HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase(),
                tooLarge);
        return Optional.empty();
    }
}
