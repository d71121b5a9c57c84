package dev.cairn.pdf.internal;

import dev.cairn.pdf.internal.DocumentInfo.OutlineEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The work is bounded whatever the outline's shape: at most {@value #MAX_VISITS} items are looked at
 * in all (an outline whose groupings all share one huge subtree made the search quadratic), and a
 * bookmark's page number is looked up in a map built once, not by walking the page tree per bookmark.
 */
public final class OutlineReader {

    // Deep enough for any real outline; stops a malformed, cyclic one from recursing forever.
    private static final int MAX_DEPTH = 16;
    /** Most outline items looked at per document; generous for 1,000 bookmarks with their sub-entries. */
    static final int MAX_VISITS = 100_000;

    private final PDDocument document;
    private final int maxEntries;
    private Map<COSDictionary, Integer> pageNumbers;
    private int visits;

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
            int page = pageOf(item, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
            if (page > 0) entries.add(new OutlineEntry(titleOf(item), page));
        }
        return entries;
    }

    private List<PDOutlineItem> children(PDOutlineItem first) {
        List<PDOutlineItem> items = new ArrayList<>();
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Walk siblings by hand so a sibling loop or an absurdly long chain is bounded.
        for (PDOutlineItem item = first; item != null && seen.add(item.getCOSObject()); item = item.getNextSibling()) {
            items.add(item);
            if (items.size() > maxEntries || ++visits > MAX_VISITS) break;
        }
        return items;
    }

    private int pageOf(PDOutlineItem item, int depth, Set<COSDictionary> visited) {
        if (depth > MAX_DEPTH || visits > MAX_VISITS || !visited.add(item.getCOSObject())) return -1;
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
            Integer number = pageNumbers().get(page.getCOSObject());
            return number == null ? -1 : number;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // a dangling or malformed destination (a name tree that contains itself overflows PDFBox's
            // recursive lookup): treat the bookmark as pointing nowhere
            return -1;
        }
    }

    // 1-based page numbers by page dictionary, in the order the text extraction numbers pages.
    private Map<COSDictionary, Integer> pageNumbers() {
        if (pageNumbers == null) {
            pageNumbers = new IdentityHashMap<>();
            int number = 0;
            for (PDPage page : document.getPages()) pageNumbers.putIfAbsent(page.getCOSObject(), ++number);
        }
        return pageNumbers;
    }

    private static String titleOf(PDOutlineItem item) {
        String title = item.getTitle();
        return title == null ? "" : Text.cleanShort(title);
    }
}
