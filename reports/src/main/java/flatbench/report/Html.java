package flatbench.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The few HTML pieces the report and history pages share; everything is inline so a page works offline. */
final class Html {
    private Html() {}

    static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
            h3{font-size:1.05rem}
            table{border-collapse:collapse;margin:.5rem 0 1rem 0;font-size:.9rem}
            th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
            td.num{text-align:right;font-variant-numeric:tabular-nums;font-family:ui-monospace,Menlo,Consolas,monospace}
            th{background:#f4f4f4}
            img{max-width:100%;height:auto;border:1px solid #eee;margin:.3rem 0}
            pre{background:#f7f7f7;padding:.6rem;overflow:auto;font-size:.8rem;max-height:30rem}
            .muted{color:#777}.warn{color:#a40}
            .charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0;flex:1 1 480px}
            figcaption{font-size:.85rem;color:#555}
            """;

    /**
     * Writes, into a hidden element, how many images decoded and which script errors occurred, so a
     * headless browser's DOM dump shows whether the page really rendered.
     */
    static final String SELF_CHECK_SCRIPT = """
            <script>
            (function(){
              var errors=[];
              window.onerror=function(m){errors.push(String(m));};
              window.addEventListener('load',function(){
                var imgs=document.images,ok=0;
                for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}
                var el=document.getElementById('selfcheck');
                el.setAttribute('data-images',ok+'/'+imgs.length);
                el.setAttribute('data-errors',String(errors.length));
                el.textContent=errors.join('\\n');
              });
            })();
            </script>
            """;

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>\n" + CSS + "</style>\n" + SELF_CHECK_SCRIPT + "</head>\n<body>\n" + body
                + "<div id=\"selfcheck\" hidden data-images=\"pending\" data-errors=\"pending\"></div>\n</body>\n</html>\n";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String png(byte[] png, String alt) {
        return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    }

    static String figure(byte[] png, String alt, String caption) {
        return "<figure>" + png(png, alt) + "<figcaption>" + caption + "</figcaption></figure>\n";
    }

    /** A table; cells are already HTML. Cells starting with a digit, sign or NaN are right-aligned as numbers. */
    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<tr>");
        header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String c : row) {
                boolean num = !c.isEmpty() && (Character.isDigit(c.charAt(0)) || c.startsWith("-") || c.startsWith("NaN") || c.startsWith("Inf"));
                sb.append(num ? "<td class=\"num\">" : "<td>").append(c).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return String.format(Locale.ROOT, "%d", (long) v);
        String s = String.format(Locale.ROOT, "%.6g", v);
        // "%.6g" pads to six significant digits; 0.300000 reads better as 0.3.
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
