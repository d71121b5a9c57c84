package dev.cairn.pdf.internal;

import dev.cairn.pdf.internal.DocumentInfo.OutlineEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Reads the chapter-level bookmarks of a PDF: the top-level outline entries with the page each one
 * points to. Nested entries are only looked at where the top level alone says nothing useful:
 * <ul>
 *   <li>a single top-level entry with children (a "book title" wrapper) is replaced by its children;</li>
 *   <li>an entry without a destination of its own (a "Part" grouping) takes the page of its first
 *       descendant that has one.</li>
 * </ul>
 * Entries that point nowhere are dropped. A broken or cyclic outline gives fewer entries, never an error.
 */
public final class OutlineReader {

    // Deep enough for any real outline; stops a malformed, cyclic one from recursing forever.
    private static final int MAX_DEPTH = 16;

    private final PDDocument document;
    private final int maxEntries;

    /**
     * @param document   an open document
     * @param maxEntries the most entries to return; bookmarks beyond it are ignored
     */
    public OutlineReader(PDDocument document, int maxEntries) {
        this.document = document;
        this.maxEntries = maxEntries;
    }

    /** @return chapter-level bookmarks in outline order, empty when there is no usable outline */
    public List<OutlineEntry> read() {
        PDDocumentOutline outline;
        try {
            outline = document.getDocumentCatalog().getDocumentOutline();
        } catch (RuntimeException e) {
            return List.of(); // a malformed outline must not fail a readable document
        }
        if (outline == null) return List.of();

        List<PDOutlineItem> top = children(outline.getFirstChild());
        if (top.size() == 1 && top.getFirst().hasChildren()) {
            top = children(top.getFirst().getFirstChild());
        }
        List<OutlineEntry> entries = new ArrayList<>();
        for (PDOutlineItem item : top) {
            if (entries.size() >= maxEntries) break;
            int page = pageOf(item, 0, new HashSet<>());
            if (page > 0) entries.add(new OutlineEntry(titleOf(item), page));
        }
        return entries;
    }

    private List<PDOutlineItem> children(PDOutlineItem first) {
        List<PDOutlineItem> items = new ArrayList<>();
        Set<COSDictionary> seen = new HashSet<>();
        // Walk siblings by hand so a sibling loop or an absurdly long chain is bounded.
        for (PDOutlineItem item = first; item != null && seen.add(item.getCOSObject()); item = item.getNextSibling()) {
            items.add(item);
            if (items.size() > maxEntries) break;
        }
        return items;
    }

    private int pageOf(PDOutlineItem item, int depth, Set<COSDictionary> visited) {
        if (depth > MAX_DEPTH || !visited.add(item.getCOSObject())) return -1;
        int own = ownPage(item);
        if (own > 0) return own;
        for (PDOutlineItem child : children(item.getFirstChild())) {
            int page = pageOf(child, depth + 1, visited);
            if (page > 0) return page;
        }
        return -1;
    }

    private int ownPage(PDOutlineItem item) {
        try {
            PDPage page = item.findDestinationPage(document);
            if (page == null) return -1;
            int index = document.getPages().indexOf(page);
            return index < 0 ? -1 : index + 1;
        } catch (IOException | RuntimeException e) {
            return -1; // a dangling or malformed destination: treat the bookmark as pointing nowhere
        }
    }

    private static String titleOf(PDOutlineItem item) {
        String title = item.getTitle();
        return title == null ? "" : Text.clean(title);
    }
}
