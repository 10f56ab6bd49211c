package io.paybus.platform;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.cluster.ClusterOnce;
import io.paybus.platform.audit.PlatformSchema;
import io.paybus.platform.web.BoundedBodyFilter;
import io.paybus.platform.web.HttpLimitsProperties;
import io.paybus.platform.web.ProblemAdvice;
import io.paybus.platform.web.ProblemErrorController;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What every service gets from the platform: the audit log and its table, problem+json for every
 * error, bounded request bodies, and {@link ClusterOnce} for jobs one instance runs at a time. Security is {@code PlatformSecurityConfiguration}.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"})
@EnableConfigurationProperties(HttpLimitsProperties.class)
@ComponentScan(basePackageClasses = AuditLog.class)
public class PlatformConfiguration {

    private static final String FLYWAY_INITIALIZER = "flywayInitializer";

    @Bean
    PlatformSchema platformSchema(DataSource dataSource) {
        return new PlatformSchema(dataSource);
    }

    /**
     * The platform's tables are migrated before the service's, so a service migration may move its
     * rows into them (as the dead letters were); the service's Flyway then finds a schema that is not
     * empty on a fresh database, and starts its history at version 0 there.
     */
    @Bean
    static BeanFactoryPostProcessor platformSchemaFirst() {
        return beanFactory -> {
            if (beanFactory.containsBeanDefinition(FLYWAY_INITIALIZER)) {
                BeanDefinition initializer = beanFactory.getBeanDefinition(FLYWAY_INITIALIZER);
                List<String> dependsOn = new ArrayList<>(initializer.getDependsOn() == null ? List.of()
                        : List.of(initializer.getDependsOn()));
                dependsOn.add("platformSchema");
                initializer.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }

    @Bean
    FlywayConfigurationCustomizer serviceHistoryFromVersionZero() {
        return configuration -> configuration.baselineOnMigrate(true).baselineVersion("0");
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, ObjectProvider<Clock> clock, PlatformSchema schema) {
        return new AuditLog(jdbc, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ClusterOnce clusterOnce(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new ClusterOnce(jdbc, transactions);
    }

    @Bean
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<BoundedBodyFilter> boundedBodyFilter(HttpLimitsProperties limits) {
        FilterRegistrationBean<BoundedBodyFilter> registration = new FilterRegistrationBean<>(
                new BoundedBodyFilter(limits.maxBodySize().toBytes(), limits.bodyDeadline()));
        registration.setUrlPatterns(limits.bodyPaths());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        // After Spring Security's filters (-100): nobody unauthenticated gets a body read.
        registration.setOrder(0);
        return registration;
    }
}
