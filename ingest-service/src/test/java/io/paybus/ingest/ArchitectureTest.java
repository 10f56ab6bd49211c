package io.paybus.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.paybus.ingest");

    @Test
    void stripeTypesStayInTheStripeAdapter() {
        noClasses().that().resideOutsideOfPackage("io.paybus.ingest.stripe..")
                .should().dependOnClassesThat().resideInAPackage("com.stripe..")
                .check(classes);
    }

    @Test
    void verificationAndTranslationAreFreeOfSpring() {
        noClasses().that().haveSimpleNameEndingWith("Verifier").or().haveSimpleNameEndingWith("Translator")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }
}
