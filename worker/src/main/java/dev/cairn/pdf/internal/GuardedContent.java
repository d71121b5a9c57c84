package dev.cairn.pdf.internal;

import java.io.IOException;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDTransparencyGroup;

/**
 * Pages and form XObjects whose content PDFBox reads through a {@link ContentGuard}: the only place
 * PDFBox lets a caller stand between its content parser and the bytes is a content stream's
 * {@code getContentsForStreamParsing()}. Everything else, resources included (so PDFBox's font cache
 * keeps working), is the original's.
 */
final class GuardedContent {

    private GuardedContent() {
    }

    /** A page read through a guard. */
    static final class Page extends PDPage {
        private final PDPage page;
        private final ReadGuard guard;

        Page(PDPage page, ReadGuard guard) {
            super(page.getCOSObject());
            this.page = page;
            this.guard = guard;
        }

        @Override
        public PDResources getResources() {
            return page.getResources();
        }

        @Override
        public RandomAccessRead getContentsForStreamParsing() throws IOException {
            return new ContentGuard(page.getContentsForStreamParsing(), guard);
        }
    }

    /** A form XObject read through a guard. */
    static final class Form extends PDFormXObject {
        private final PDFormXObject form;
        private final ReadGuard guard;

        Form(PDFormXObject form, ReadGuard guard) {
            super(form.getCOSObject(), null);
            this.form = form;
            this.guard = guard;
        }

        @Override
        public PDResources getResources() {
            return form.getResources();
        }

        @Override
        public RandomAccessRead getContentsForStreamParsing() throws IOException {
            return new ContentGuard(form.getContentsForStreamParsing(), guard);
        }
    }

    /** A transparency group (a form with {@code /Group}) read through a guard. */
    static final class Group extends PDTransparencyGroup {
        private final PDTransparencyGroup group;
        private final ReadGuard guard;

        Group(PDTransparencyGroup group, ReadGuard guard) {
            super(group.getCOSObject(), null);
            this.group = group;
            this.guard = guard;
        }

        @Override
        public PDResources getResources() {
            return group.getResources();
        }

        @Override
        public RandomAccessRead getContentsForStreamParsing() throws IOException {
            return new ContentGuard(group.getContentsForStreamParsing(), guard);
        }
    }
}
