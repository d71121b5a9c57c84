package dev.cairn.pdf.internal;

import dev.cairn.api.CairnException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Counts a document's pages as PDFBox's page iterator (and so the text extraction) will see them,
 * instead of trusting the {@code /Count} the file claims: a tree that claims 50,000 pages but holds one,
 * or claims -5, gave 49,999 blank pages or a crash further on. Before letting PDFBox iterate, the tree
 * is walked here without recursion, because PDFBox's iterator recurses once per level and collects
 * every page up front: a tree nested 100,000 levels deep overflowed the stack, one with millions of
 * leaves filled the heap.
 */
final class PageTree {

    /** Deepest page tree accepted; balanced trees of millions of pages are a few levels deep. */
    static final int MAX_DEPTH = 256;

    private PageTree() {
    }

    /**
     * @param document         an open document
     * @param maxPages         the most pages accepted
     * @param maxPagesVariable the setting that sets {@code maxPages}, named when a document is over it
     * @return the number of pages, at most {@code maxPages}; 0 for an empty tree
     * @throws CairnException permanent, when the tree holds more than {@code maxPages} leaves or is nested
     *                        deeper than {@value #MAX_DEPTH} levels
     */
    static int count(PDDocument document, int maxPages, String maxPagesVariable) {
        COSDictionary root = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
        if (root == null) return 0;
        long leaves = walk(root, maxPages);
        if (leaves > maxPages) {
            throw CairnException.permanent("the PDF has more than " + maxPages + " pages, the limit set by " + maxPagesVariable);
        }
        int pages = 0;
        for (PDPage ignored : document.getPages()) pages++;
        return pages;
    }

    /** Leaves under {@code root}, counting stops just past {@code maxPages}; nodes seen twice count once. */
    private static long walk(COSDictionary root, int maxPages) {
        if (!root.containsKey(COSName.KIDS)) return 1;
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        seen.add(root);
        nodes.push(root);
        depths.push(0);
        long leaves = 0;
        while (!nodes.isEmpty()) {
            COSDictionary node = nodes.pop();
            int depth = depths.pop();
            COSArray kids = node.getCOSArray(COSName.KIDS);
            if (kids == null) continue;
            for (int i = 0; i < kids.size(); i++) {
                COSBase kid = kids.getObject(i);
                if (!(kid instanceof COSDictionary child)) continue;
                if (child.containsKey(COSName.KIDS)) {
                    if (!seen.add(child)) continue;
                    if (depth + 1 > MAX_DEPTH) {
                        throw CairnException.permanent("the PDF's page tree is nested more than " + MAX_DEPTH
                                + " levels deep; the file is corrupt or built to crash readers");
                    }
                    nodes.push(child);
                    depths.push(depth + 1);
                } else if (++leaves > maxPages) {
                    return leaves;
                }
            }
        }
        return leaves;
    }
}
