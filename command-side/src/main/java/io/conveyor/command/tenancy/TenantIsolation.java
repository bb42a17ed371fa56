package io.conveyor.command.tenancy;

import io.conveyor.contracts.common.TenantMetadata;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Keeps each {@link TenantOwned} aggregate to its tenant, for every aggregate at once and without code in any of
 * them.
 *
 * <ul>
 *   <li>Event-sourcing handlers: the first event an aggregate applies or is rebuilt from names its owner (events from
 *       before tenants belong to {@link TenantMetadata#DEFAULT}).
 *   <li>Command handlers on an existing aggregate: a command that names another tenant is answered as if the
 *       aggregate did not exist, so ids cannot be probed across tenants. A command that names none comes from inside
 *       the platform (a saga, a deadline, a provider's answer); it acts for the aggregate's own tenant, which is then
 *       put into the command's correlation data so that the events it causes name that tenant too.
 * </ul>
 */
public class TenantIsolation implements HandlerEnhancerDefinition {
    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!TenantOwned.class.isAssignableFrom(original.declaringClass())) {
            return original;
        }
        if (original.canHandleMessageType(CommandMessage.class)) {
            return new CommandGuard<>(original);
        }
        if (original.canHandleMessageType(EventMessage.class)) {
            return new Ownership<>(original);
        }
        return original;
    }

    private static final class CommandGuard<T> extends WrappedMessageHandlingMember<T> {
        CommandGuard(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (target instanceof TenantOwned owned && owned.tenant() != null) {
                Object claimed = message.getMetaData().get(TenantMetadata.KEY);
                if (claimed == null) {
                    CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.transformMessage(
                            m -> m.andMetaData(Map.of(TenantMetadata.KEY, owned.tenant()))));
                } else if (!owned.tenant().equals(claimed)) {
                    throw new AggregateNotFoundException(
                            String.valueOf(message.getIdentifier()), "no such aggregate for this tenant");
                }
            }
            return super.handle(message, target);
        }
    }

    private static final class Ownership<T> extends WrappedMessageHandlingMember<T> {
        Ownership(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            if (target instanceof TenantOwned owned) {
                owned.ownedBy(TenantMetadata.orDefault(message.getMetaData().get(TenantMetadata.KEY)));
            }
            return super.handle(message, target);
        }
    }
}
