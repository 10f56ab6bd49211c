package io.paybus.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.paybus.order");

    @Test
    void theDomainKnowsNoSpring() {
        noClasses().that().resideInAPackage("io.paybus.order.command..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework.spring..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void theDomainKnowsNothingOfKafkaOrTheWeb() {
        noClasses().that().resideInAPackage("io.paybus.order.command..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "io.paybus.order.query..", "io.paybus.order.inbound..")
                .check(classes);
    }

    @Test
    void stripeTypesStayInTheStripeGateway() {
        noClasses().that().resideOutsideOfPackage("io.paybus.order.gateway.stripe..")
                .should().dependOnClassesThat().resideInAPackage("com.stripe..")
                .check(classes);
    }

    @Test
    void onlyTheWebLayerKnowsHttpStatusesAndProblems() {
        noClasses().that().resideInAnyPackage("io.paybus.order.command..", "io.paybus.order.payment..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.http..",
                        "org.springframework.web..", "io.paybus.platform.web..")
                .check(classes);
    }
}
