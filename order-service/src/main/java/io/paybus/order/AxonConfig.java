package io.paybus.order;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's JDBC event store, token store and transactions, declared here rather than left to Axon's
 * auto-configuration: Axon 4's JDBC and transaction auto-configurations are ordered against
 * Spring Boot 3's class names, so under Boot 4 they run before the DataSource exists, skip
 * themselves, and Axon falls back to an in-memory event bus and no transactions. Without these
 * beans nothing would be stored. The schema is owned by Flyway ({@code db/migration}).
 */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
            ConnectionProvider connections, TransactionManager transactions, DataSource dataSource,
            OrderProperties properties) throws Exception {
        OrderProperties.EventStore gaps = properties.eventStore();
        return JdbcEventStorageEngine.builder()
                .gapTimeout((int) gaps.gapTimeout().toMillis())
                .maxGapOffset(gaps.maxGapOffset())
                .gapCleaningThreshold(gaps.gapCleaningThreshold())
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .build();
    }
}
