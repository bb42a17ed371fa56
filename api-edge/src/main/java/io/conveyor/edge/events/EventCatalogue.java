package io.conveyor.edge.events;

import io.conveyor.contracts.common.EventDomain;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Every event class and its external name, {@code <domain>.<Name>.v<revision>}: the domain from the package's
 * {@link EventDomain}, the name from the class without its {@code Event} suffix, the revision from {@link Revision}.
 * Found by scanning, so a new aggregate's events appear here without any change to this class.
 */
@Component
public class EventCatalogue {
    private static final String SCANNED = "io.conveyor";

    /** One event type as the log shows it. */
    public record EventType(String type, String javaType, String revision, List<String> fields) {}

    private final Map<String, EventType> byJavaType;
    private final Map<String, EventType> byType;

    public EventCatalogue() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(Revision.class));
        List<EventType> types = scanner.findCandidateComponents(SCANNED).stream()
                .map(definition -> ClassUtils.resolveClassName(
                        definition.getBeanClassName(), EventCatalogue.class.getClassLoader()))
                .filter(type -> type.getPackage().isAnnotationPresent(EventDomain.class))
                .map(EventCatalogue::describe)
                .sorted(Comparator.comparing(EventType::type))
                .toList();
        byJavaType = types.stream().collect(Collectors.toMap(EventType::javaType, Function.identity()));
        byType = types.stream().collect(Collectors.toMap(EventType::type, Function.identity()));
    }

    public List<EventType> all() {
        return byType.values().stream()
                .sorted(Comparator.comparing(EventType::type))
                .toList();
    }

    public Optional<EventType> byType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The external name of a stored payload type; one outside the catalogue keeps its Java name. */
    public String typeOf(String javaType) {
        EventType known = byJavaType.get(javaType);
        return known != null ? known.type() : javaType;
    }

    private static EventType describe(Class<?> type) {
        String domain = type.getPackage().getAnnotation(EventDomain.class).value();
        String name = type.getSimpleName().replaceFirst("Event$", "");
        String revision = type.getAnnotation(Revision.class).value();
        List<String> fields = type.isRecord()
                ? Arrays.stream(type.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList()
                : List.of();
        return new EventType(domain + "." + name + ".v" + revision, type.getName(), revision, fields);
    }
}
