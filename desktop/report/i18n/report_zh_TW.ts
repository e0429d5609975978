<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ReportWindow</name>
    <message>
        <source>Computing the report…</source>
        <translation>報表計算中…</translation>
    </message>
    <message>
        <source>The report could not be computed. Try again; if it repeats, call support.</source>
        <translation>報表無法計算。請再試一次；若一再發生，請聯絡客服。</translation>
    </message>
    <message>
        <location filename="../window.py" line="129"/>
        <location filename="../window.py" line="138"/>
        <source>Member report</source>
        <translation>會員報表</translation>
    </message>
    <message>
        <location filename="../window.py" line="130"/>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../window.py" line="131"/>
        <source>Show</source>
        <translation>查詢</translation>
    </message>
    <message>
        <location filename="../window.py" line="132"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../window.py" line="133"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location filename="../window.py" line="134"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location filename="../window.py" line="135"/>
        <location filename="../window.py" line="209"/>
        <source>Export CSV</source>
        <translation>匯出 CSV</translation>
    </message>
    <message>
        <location filename="../window.py" line="136"/>
        <location filename="../window.py" line="214"/>
        <source>Export PDF</source>
        <translation>匯出 PDF</translation>
    </message>
    <message>
        <location filename="../window.py" line="137"/>
        <source>Print summary</source>
        <translation>列印日報</translation>
    </message>
    <message>
        <location filename="../window.py" line="140"/>
        <source>Member segments</source>
        <translation>會員分眾</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>關閉 (Esc)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔 (*.csv)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 檔 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save the file: %1</source>
        <translation>檔案無法儲存：%1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已儲存到 %1</translation>
    </message>
</context>
<context>
    <name>SegmentsView</name>
    <message>
        <source>Searching…</source>
        <translation>搜尋中…</translation>
    </message>
    <message>
        <source> — the first %1 are listed; the export holds them all</source>
        <translation>（列出前 %1 位；匯出檔含全部）</translation>
    </message>
    <message>
        <source>The search failed. Try again; if it repeats, call support.</source>
        <translation>搜尋失敗。請再試一次；若一再發生，請聯絡客服。</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="76"/>
        <source>Member segments</source>
        <translation>會員分眾</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="78"/>
        <source>NAPL status</source>
        <translation>NAPL 狀態</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="78"/>
        <location filename="../segments_view.py" line="89"/>
        <location filename="../segments_view.py" line="97"/>
        <source>Tier</source>
        <translation>等級</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="78"/>
        <source>Points expiring soon, at least</source>
        <translation>即將到期點數至少</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="79"/>
        <source>Birthday month</source>
        <translation>生日月份</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="79"/>
        <source>No visit for (days)</source>
        <translation>未來店天數</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="80"/>
        <source>Consented to marketing</source>
        <translation>同意行銷</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="83"/>
        <location filename="../segments_view.py" line="87"/>
        <location filename="../segments_view.py" line="91"/>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="94"/>
        <source>Find</source>
        <translation>查詢</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="95"/>
        <location filename="../segments_view.py" line="129"/>
        <source>Export consented list</source>
        <translation>匯出同意名單</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="97"/>
        <source>Member</source>
        <translation>會員</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="97"/>
        <source>Phone</source>
        <translation>手機</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="98"/>
        <source>Points</source>
        <translation>點數</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="98"/>
        <source>Expiring</source>
        <translation>將到期</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="98"/>
        <source>Last visit</source>
        <translation>最後來店</translation>
    </message>
    <message>
        <location filename="../segments_view.py" line="123"/>
        <source>%1 members, %2 consented</source>
        <translation>%1 位會員，%2 位同意行銷</translation>
    </message>
    <message>
        <source>Back to the report (Esc)</source>
        <translation>回到報表 (Esc)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔 (*.csv)</translation>
    </message>
</context>
</TS>
