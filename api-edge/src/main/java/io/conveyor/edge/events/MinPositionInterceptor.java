package io.conveyor.edge.events;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Holds a read that carries {@code Conveyor-Min-Position} until the projections have caught up with it. */
@Configuration(proxyBeanMethods = false)
class MinPositionInterceptor implements WebMvcConfigurer {
    private final Positions positions;

    MinPositionInterceptor(Positions positions) {
        this.positions = positions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        String min = request.getHeader(Positions.MIN_POSITION);
                        if (min != null && "GET".equals(request.getMethod())) {
                            positions.awaitProjections(min);
                        }
                        return true;
                    }
                })
                .addPathPatterns("/api/**");
    }
}
