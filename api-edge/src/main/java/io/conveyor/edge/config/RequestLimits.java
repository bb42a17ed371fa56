package io.conveyor.edge.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Strict input: a request body may not carry fields the endpoint does not know (a typo would otherwise be ignored in
 * silence), and may not be larger than {@code conveyor.edge.max-body-size}. Stored events and saga state are read
 * with the application's lenient mapper, untouched by this.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimits {

    /** The limits on request bodies. */
    @ConfigurationProperties("conveyor.edge")
    record Settings(@DefaultValue("64KB") DataSize maxBodySize) {}

    @Bean
    MappingJackson2HttpMessageConverter strictJsonConverter(ObjectMapper mapper) {
        return new MappingJackson2HttpMessageConverter(
                mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodySizeLimit(Settings settings, ObjectMapper mapper) {
        long limit = settings.maxBodySize().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > limit) {
                    FilterProblems.write(
                            request,
                            response,
                            mapper,
                            HttpStatus.PAYLOAD_TOO_LARGE,
                            ProblemTypes.VALIDATION_FAILED,
                            "Request too large",
                            "request bodies are limited to " + limit + " bytes");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Integer.MIN_VALUE + 1); // right after the request id, before anything reads the body
        return registration;
    }
}
