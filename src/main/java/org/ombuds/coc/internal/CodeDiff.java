package org.ombuds.coc.internal;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import org.ombuds.coc.CodeVersion;

/** What changed between two versions of the Code, line by line, as a unified diff. */
final class CodeDiff {
    /** One line of the diff: {@code kind} is added, removed, context or hunk (a position marker). */
    record Line(String kind, String text) {
    }

    private CodeDiff() {
    }

    static List<String> unified(CodeVersion from, CodeVersion to) {
        List<String> original = from.markdown().lines().toList();
        List<String> revised = to.markdown().lines().toList();
        var patch = DiffUtils.diff(original, revised);
        return UnifiedDiffUtils.generateUnifiedDiff("version-" + from.version() + ".md", "version-" + to.version() + ".md",
                original, patch, 2);
    }

    static List<Line> lines(CodeVersion from, CodeVersion to) {
        List<Line> lines = new ArrayList<>();
        for (String line : unified(from, to)) {
            if (line.startsWith("+++") || line.startsWith("---")) continue;
            String kind = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : "context";
            lines.add(new Line(kind, kind.equals("hunk") ? line : line.isEmpty() ? "" : line.substring(1)));
        }
        return lines;
    }
}
