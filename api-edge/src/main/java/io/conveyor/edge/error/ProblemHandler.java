package io.conveyor.edge.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.conveyor.contracts.common.DomainRejectionException;
import io.conveyor.contracts.common.RuleViolationException;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem with a stable type. Bad input is never a 500: anything unexpected is
 * logged and answered as an internal error without internals.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(DomainRejectionException.class)
    ResponseEntity<ProblemDetail> rejected(DomainRejectionException e) {
        boolean rule = e instanceof RuleViolationException;
        ProblemDetail problem = problem(
                rule ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.CONFLICT,
                rule ? ProblemTypes.RULE_VIOLATED : ProblemTypes.STATE_CONFLICT,
                rule ? "Business rule violated" : "Not possible in the current state",
                e.getMessage());
        problem.setProperty("code", e.code());
        return respond(problem);
    }

    @ExceptionHandler({NotFoundException.class, AggregateNotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e) {
        String detail = e instanceof NotFoundException ? e.getMessage() : "the addressed resource does not exist";
        return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", detail));
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        return respond(problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", e.getMessage()));
    }

    @ExceptionHandler(UnprocessableException.class)
    ResponseEntity<ProblemDetail> unprocessable(UnprocessableException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, e.type(), e.title(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(ViewNotReadyException.class)
    ResponseEntity<ProblemDetail> notReady(ViewNotReadyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.VIEW_NOT_READY,
                        "Not visible yet",
                        e.getMessage()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrency(ConcurrencyException e) {
        return respond(problem(
                HttpStatus.CONFLICT,
                ProblemTypes.CONCURRENCY_CONFLICT,
                "Concurrent modification",
                "another change to the same resource won; read it again and retry"));
    }

    /** Constraint checks outside Spring MVC's own parameter validation. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid request", describe(errors));
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Invalid request", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return respond(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.VALIDATION_FAILED,
                "Invalid request",
                "parameter '" + e.getName() + "' has an invalid value");
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "invalid value")));
        return respond(problem);
    }

    /** Axon and the futures wrap handler failures; the edge answers for what was thrown inside. */
    @ExceptionHandler({CompletionException.class, ExecutionException.class, CommandExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception e) {
        Throwable cause = e;
        while (isWrapper(cause) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DomainRejectionException rejection) {
            return rejected(rejection);
        }
        if (cause instanceof AggregateNotFoundException || cause instanceof NotFoundException) {
            return notFound((Exception) cause);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return concurrency(concurrency);
        }
        if (cause instanceof ViewNotReadyException notReady) {
            return notReady(notReady);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return respond(problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL_ERROR,
                "Internal error",
                "the request could not be completed; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", message(f)))
                .toList();
        return invalid(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err ->
                                Map.of("field", r.getMethodParameter().getParameterName(), "message", message(err))))
                .toList();
        return invalid(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request", readableCause(e));
        return new ResponseEntity<>(problem, headers, HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setType(typeFor(e, status));
        }
        return response;
    }

    private static boolean isWrapper(Throwable e) {
        return e instanceof CompletionException
                || e instanceof ExecutionException
                || e instanceof CommandExecutionException;
    }

    private static java.net.URI typeFor(Exception e, HttpStatusCode status) {
        if (e instanceof HttpRequestMethodNotSupportedException) {
            return ProblemTypes.METHOD_NOT_ALLOWED;
        }
        if (e instanceof HttpMediaTypeNotSupportedException) {
            return ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return ProblemTypes.NOT_ACCEPTABLE;
        }
        if (e instanceof NoResourceFoundException) {
            return ProblemTypes.NOT_FOUND;
        }
        if (status.is4xxClientError()) {
            return ProblemTypes.VALIDATION_FAILED;
        }
        return ProblemTypes.INTERNAL_ERROR;
    }

    private ResponseEntity<Object> invalid(List<Map<String, String>> errors, HttpHeaders headers) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.VALIDATION_FAILED,
                "Invalid request",
                errors.stream()
                        .map(err -> err.get("field") + " " + err.get("message"))
                        .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return new ResponseEntity<>(problem, headers, HttpStatus.BAD_REQUEST);
    }

    private static String describe(List<Map<String, String>> errors) {
        return errors.stream()
                .map(err -> err.get("field") + " " + err.get("message"))
                .collect(Collectors.joining("; "));
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String message(FieldError error) {
        return message((MessageSourceResolvable) error);
    }

    /** Names the field that could not be read, without echoing parser internals. */
    private static String readableCause(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "field '" + path(unknown) + "' is not part of this request";
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "field '" + path(invalid) + "' has an invalid value";
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            return "field '" + path(mismatch) + "' has the wrong type";
        }
        if (cause instanceof JsonMappingException mapping
                && mapping.getCause() instanceof IllegalArgumentException arg) {
            return arg.getMessage();
        }
        return "the request body is missing or is not valid JSON";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static ProblemDetail problem(HttpStatus status, java.net.URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
