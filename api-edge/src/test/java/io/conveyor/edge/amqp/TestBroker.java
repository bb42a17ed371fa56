package io.conveyor.edge.amqp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The RabbitMQ the tests publish to ({@code 127.0.0.1:5672}, guest/guest; {@code CONVEYOR_RABBIT_HOST} and
 * {@code CONVEYOR_RABBIT_PORT} name another), seen as a consumer sees it: queues bound to the application's exchange,
 * read message by message. Whatever a test declares is deleted by {@link #close()}.
 */
final class TestBroker implements AutoCloseable {
    static final String HOST = System.getenv().getOrDefault("CONVEYOR_RABBIT_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("CONVEYOR_RABBIT_PORT", "5672"));

    private final CachingConnectionFactory connections;
    private final RabbitAdmin admin;
    private final RabbitTemplate rabbit;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    private TestBroker() {
        connections = new CachingConnectionFactory(HOST, PORT);
        connections.setUsername("guest");
        connections.setPassword("guest");
        admin = new RabbitAdmin(connections);
        rabbit = new RabbitTemplate(connections);
    }

    /** The broker, or the test is skipped when none answers. */
    static TestBroker connect() {
        assumeTrue(answers(), "no RabbitMQ at " + HOST + ":" + PORT);
        return new TestBroker();
    }

    static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A name of its own for each test context's exchange, so that contexts never see each other's events. */
    static String uniqueExchange() {
        return "conveyor.events.test." + UUID.randomUUID();
    }

    /** Declares the exchange as the application does (declaring it twice alike is harmless), to be deleted later. */
    TopicExchange exchange(String name) {
        TopicExchange exchange = new TopicExchange(name, true, false);
        admin.declareExchange(exchange);
        exchanges.add(name);
        return exchange;
    }

    /** A new queue bound to the exchange with the given routing key pattern. */
    String bind(String exchange, String pattern) {
        Queue queue = new AnonymousQueue();
        admin.declareQueue(queue);
        queues.add(queue.getName());
        admin.declareBinding(
                BindingBuilder.bind(queue).to(new TopicExchange(exchange)).with(pattern));
        return queue.getName();
    }

    void rebind(String queue, String exchange, String pattern) {
        admin.declareBinding(new Binding(queue, Binding.DestinationType.QUEUE, exchange, pattern, null));
    }

    void unbind(String queue, String exchange, String pattern) {
        admin.removeBinding(new Binding(queue, Binding.DestinationType.QUEUE, exchange, pattern, null));
    }

    boolean exchangeExists(String name) {
        return Boolean.TRUE.equals(rabbit.execute(channel -> {
            try {
                channel.exchangeDeclarePassive(name);
                return true;
            } catch (IOException e) {
                return false; // the broker closed the channel: no such exchange
            }
        }));
    }

    /** Every message waiting in the queue, taken off it. */
    List<Message> drain(String queue) {
        List<Message> taken = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(queue)) != null) {
            taken.add(message);
        }
        return taken;
    }

    @Override
    public void close() {
        queues.forEach(admin::deleteQueue);
        exchanges.forEach(admin::deleteExchange);
        connections.destroy();
    }
}
