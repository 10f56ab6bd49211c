package io.paybus.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.paybus.billing");

    @Test
    void stripeTypesStayInTheProviderPackage() {
        noClasses().that().resideOutsideOfPackage("io.paybus.billing.provider..")
                .should().dependOnClassesThat().resideInAPackage("com.stripe..")
                .check(classes);
    }

    @Test
    void theRenewalRulesKnowNoFrameworkNoTimeSourceAndNoIo() {
        noClasses().that().haveSimpleNameEndingWith("Policy")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..",
                        "org.apache.kafka..", "com.stripe..")
                .check(classes);
    }

    @Test
    void onlyTheRenewalRepositoryWritesTheRenewalTable() {
        noClasses().that().resideInAPackage("io.paybus.billing.schedule..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
                .check(classes);
    }

    @Test
    void kafkaListenersOnlyAdapt() {
        noClasses().that().haveSimpleNameEndingWith("Listener")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
                .check(classes);
    }
}
