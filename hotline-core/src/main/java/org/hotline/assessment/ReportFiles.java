package org.hotline.assessment;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The assessment report as files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese
 * right), XLSX (rates as numbers formatted as percentages, so they can be sorted and summed) and a printable A4 PDF
 * (landscape; the PDF's standard Chinese font STSong-Light, which every reader supplies, so no font ships with us).
 */
public final class ReportFiles {

    /** A column of the unit table: its header and how to read it off a row. */
    private record Column(String header, Function<AssessmentReport.Row, Object> value, boolean rate) {
    }

    static final Map<String, String> KIND_NAMES = Map.of("district_government", "区政府", "street_office",
            "街道办事处", "city_bureau", "市直部门", "enterprise", "公共企事业单位");

    private static final List<Column> COLUMNS = List.of(
            new Column("排名 Rank", AssessmentReport.Row::rank, false),
            new Column("单位 Unit", AssessmentReport.Row::unitName, false),
            new Column("类型 Kind", r -> KIND_NAMES.get(r.unitKind()), false),
            new Column("承办量 Received", r -> r.indicators().counts().received(), false),
            new Column("按时签收率 On-time signing", r -> r.indicators().onTimeSigningRate(), true),
            new Column("按时办结率 On-time completion", r -> r.indicators().onTimeCompletionRate(), true),
            new Column("响应率 Response", r -> r.indicators().responseRate(), true),
            new Column("解决率 Resolution", r -> r.indicators().resolutionRate(), true),
            new Column("满意率 Satisfaction", r -> r.indicators().satisfactionRate(), true),
            new Column("退单率 Return", r -> r.indicators().returnRate(), true),
            new Column("发回重办率 Re-handling", r -> r.indicators().rehandlingRate(), true),
            new Column("超期 Overdue", r -> r.indicators().counts().overdue(), false),
            new Column("知识库待维护 Stale KB", AssessmentReport.Row::kbStale, false),
            new Column("综合得分 Score", r -> r.indicators().score(), false));

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ReportFiles() {
    }

    /** The report's title, e.g. "12345热线考核月报 2026-10". */
    public static String title(AssessmentReport r, String centreName) {
        return centreName + "考核" + r.period().reportName() + " " + r.period().label();
    }

    /** The lines above the table: period, weights, the centre's figures and the totals against the period before. */
    static List<String> summary(AssessmentReport r) {
        List<String> out = new ArrayList<>();
        out.add("统计期间 Period: " + r.period().from() + " 至 " + r.period().to() + "；生成时间 Generated: "
                + STAMP.format(r.generatedAt()));
        out.add("综合得分权重 Weights: 响应率 " + r.weights().response() + "%，解决率 " + r.weights().resolution()
                + "%，满意率 " + r.weights().satisfaction() + "%");
        out.add("中心受理 Taken: " + r.centre().taken() + "，直办 Answered directly: " + r.centre().answeredDirectly()
                + "（直办率 " + percent(r.centre().directAnswerRate()) + "）");
        Indicators t = r.total();
        Indicators p = r.previousTotal();
        out.add("全部单位 All units: 承办 " + t.counts().received() + "（上期 " + p.counts().received() + "），按时办结率 "
                + percent(t.onTimeCompletionRate()) + "（上期 " + percent(p.onTimeCompletionRate()) + "），解决率 "
                + percent(t.resolutionRate()) + "（上期 " + percent(p.resolutionRate()) + "），满意率 "
                + percent(t.satisfactionRate()) + "（上期 " + percent(p.satisfactionRate()) + "），超期 "
                + t.counts().overdue() + "（上期 " + p.counts().overdue() + "）");
        return out;
    }

    // --- CSV ----------------------------------------------------------------------------------------------

    public static byte[] csv(AssessmentReport r, String centreName) {
        StringBuilder b = new StringBuilder("\uFEFF");
        line(b, List.of(title(r, centreName)));
        for (String s : summary(r)) {
            line(b, List.of(s));
        }
        b.append("\r\n");
        line(b, COLUMNS.stream().map(Column::header).toList());
        for (AssessmentReport.Row row : r.rows()) {
            List<String> cells = new ArrayList<>();
            for (Column c : COLUMNS) {
                Object v = c.value().apply(row);
                cells.add(v == null ? "" : c.rate() ? percent((Double) v) : String.valueOf(v));
            }
            line(b, cells);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvCell(cells.get(i)));
        }
        b.append("\r\n");
    }

    /** RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula. */
    static String csvCell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+%?")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    // --- XLSX ---------------------------------------------------------------------------------------------

    public static byte[] xlsx(AssessmentReport r, String centreName) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet(r.period().reportName() + " " + r.period().label());
            var bold = book.createFont();
            bold.setBold(true);
            CellStyle titleStyle = book.createCellStyle();
            var big = book.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            titleStyle.setFont(big);
            CellStyle header = book.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            CellStyle rate = book.createCellStyle();
            rate.setDataFormat(book.createDataFormat().getFormat("0.0%"));
            CellStyle score = book.createCellStyle();
            score.setDataFormat(book.createDataFormat().getFormat("0.00"));

            int n = 0;
            Cell t = sheet.createRow(n++).createCell(0);
            t.setCellValue(title(r, centreName));
            t.setCellStyle(titleStyle);
            for (String s : summary(r)) {
                sheet.createRow(n).createCell(0).setCellValue(s);
                sheet.addMergedRegion(new CellRangeAddress(n, n, 0, COLUMNS.size() - 1));
                n++;
            }
            n++;
            Row head = sheet.createRow(n++);
            head.setHeightInPoints(32);
            for (int i = 0; i < COLUMNS.size(); i++) {
                Cell c = head.createCell(i);
                c.setCellValue(COLUMNS.get(i).header());
                c.setCellStyle(header);
            }
            int first = n;
            for (AssessmentReport.Row row : r.rows()) {
                Row x = sheet.createRow(n++);
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Column col = COLUMNS.get(i);
                    Object v = col.value().apply(row);
                    if (v == null) {
                        continue;
                    }
                    Cell c = x.createCell(i);
                    if (v instanceof Number num) {
                        c.setCellValue(num.doubleValue());
                        if (col.rate()) {
                            c.setCellStyle(rate);
                        } else if (v instanceof Double) {
                            c.setCellStyle(score);
                        }
                    } else {
                        c.setCellValue(String.valueOf(v));
                    }
                }
            }
            sheet.createFreezePane(2, first);
            sheet.setColumnWidth(1, 22 * 256);
            sheet.setColumnWidth(2, 14 * 256);
            for (int i = 3; i < COLUMNS.size(); i++) {
                sheet.setColumnWidth(i, 12 * 256);
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- PDF ----------------------------------------------------------------------------------------------

    public static byte[] pdf(AssessmentReport r, String centreName) {
        try {
            BaseFont song = BaseFont.createFont("STSong-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
            Font titleFont = new Font(song, 16, Font.BOLD);
            Font text = new Font(song, 9);
            Font small = new Font(song, 7.5f);
            Font head = new Font(song, 7.5f, Font.BOLD);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Document doc = new Document(PageSize.A4.rotate(), 28, 28, 28, 28);
            PdfWriter.getInstance(doc, out);
            doc.addTitle(title(r, centreName));
            doc.addCreator("Hotline");
            doc.open();
            Paragraph p = new Paragraph(title(r, centreName), titleFont);
            p.setAlignment(Element.ALIGN_CENTER);
            p.setSpacingAfter(8);
            doc.add(p);
            for (String s : summary(r)) {
                doc.add(new Paragraph(s, text));
            }
            float[] widths = new float[COLUMNS.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = i == 1 ? 3.2f : i == 2 ? 1.8f : 1.2f;
            }
            PdfPTable table = new PdfPTable(widths);
            table.setWidthPercentage(100);
            table.setSpacingBefore(10);
            table.setHeaderRows(1);
            for (Column c : COLUMNS) {
                PdfPCell cell = new PdfPCell(new Phrase(c.header(), head));
                cell.setBackgroundColor(new Color(0xe8, 0xec, 0xf1));
                cell.setHorizontalAlignment(Element.ALIGN_CENTER);
                table.addCell(cell);
            }
            for (AssessmentReport.Row row : r.rows()) {
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Column c = COLUMNS.get(i);
                    Object v = c.value().apply(row);
                    String s = v == null ? "—" : c.rate() ? percent((Double) v)
                            : v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(v);
                    PdfPCell cell = new PdfPCell(new Phrase(s, small));
                    cell.setHorizontalAlignment(i == 1 || i == 2 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
                    table.addCell(cell);
                }
            }
            doc.add(table);
            doc.add(new Paragraph("指标由工单时间线自动计算，口径见控制台“考核”页的指标说明。"
                    + " Indicators are computed from the orders' timelines; definitions in the console's help.", small));
            doc.close();
            return out.toByteArray();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("the PDF report could not be written", e);
        }
    }

    static String percent(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
