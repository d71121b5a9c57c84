package dev.cairn.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the module and package boundaries the design sets. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cairn");

    @Test
    void shouldKeepJobsApiFreeOfWorkerTypes() {
        noClasses().that().resideInAPackage("dev.cairn.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.cairn.checkpoint..", "dev.cairn.pipeline..", "dev.cairn.breaker..", "dev.cairn.dlq..",
                        "dev.cairn.provider..", "dev.cairn.pdf..", "dev.cairn.chapter..", "dev.cairn.http..", "dev.cairn.cli..",
                        "dev.cairn.config..", "dev.cairn.redis..", "dev.cairn.jobs..", "dev.cairn.runtime..", "dev.cairn.metrics..",
                        "dev.cairn.fleet..", "dev.cairn.ratelimit..",
                        "redis.clients..", "io.javalin..", "org.apache.pdfbox..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void shouldKeepInternalPackagesPrivateToTheirRole() {
        classes().that().resideInAPackage("dev.cairn..internal..")
                .should(onlyBeUsedWithinTheirRole())
                .check(CLASSES);
    }

    /**
     * A role package and its {@code internal} subpackages count as one slice: a cycle between two roles
     * (pipeline needs jobs, jobs needs pipeline) means neither can be read, tested or changed alone.
     */
    @Test
    void shouldKeepRolePackagesFreeOfCycles() {
        slices().matching("dev.cairn.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    private static ArchCondition<JavaClass> onlyBeUsedWithinTheirRole() {
        return new ArchCondition<>("only be used by classes of the same role package") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String role = internal.getPackageName().substring(0, internal.getPackageName().indexOf(".internal"));
                internal.getDirectDependenciesToSelf().forEach(dependency -> {
                    String user = dependency.getOriginClass().getPackageName();
                    if (!user.equals(role) && !user.startsWith(role + ".")) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                });
            }
        };
    }
}
