<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>ActionFlows</name>
    <message>
        <location filename="../../desktop/flows.py" line="96" />
        <source>Earns +%1 points</source>
        <translation>可得 +%1 點</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="98" />
        <source>(birthday month bonus)</source>
        <translation>（壽星月加倍）</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="109" />
        <source>Awarded +%1 points for %2. Balance %3.</source>
        <translation>已積點 +%1 點（消費 %2）。目前點數 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="123" />
        <source>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</source>
        <translation>點數 %1 · 最少 %2 點 · 每筆最多 %3 點，以 %4 點為單位</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="129" />
        <source>Offline: up to %1 points without a manager.</source>
        <translation>離線中：未經店長核准最多折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="143" />
        <source>%1 points = %2 off</source>
        <translation>%1 點 = 折抵 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="158" />
        <source>A manager must approve: enter their PIN.</source>
        <translation>需要店長核准：請店長輸入密碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="163" />
        <source>Redeemed %1 points = %2 off. Balance %3.</source>
        <translation>已折抵 %1 點 = %2。目前點數 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="183" />
        <source>Welcome, %1! Member code %2.</source>
        <translation>歡迎 %1 加入！會員編號 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="200" />
        <source>A manager must approve a void.</source>
        <translation>作廢需要店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="207" />
        <source>Voided: %1 points reversed. Balance %2.</source>
        <translation>已作廢：沖回 %1 點。目前點數 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="219" />
        <source>Sale of %1 recorded without a member.</source>
        <translation>已記錄非會員銷售 %1。</translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../desktop/views/common.py" line="108" />
        <source>Manager approval</source>
        <translation>店長核准</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="109" />
        <source>Approved by</source>
        <translation>核准人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="110" />
        <source>Manager PIN</source>
        <translation>店長密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="115" />
        <source>manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="115" />
        <source>cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>AwardView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="41" />
        <source>Award points</source>
        <translation>消費積點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="42" />
        <source>Sale amount</source>
        <translation>消費金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="43" />
        <source>POS receipt no. (optional)</source>
        <translation>POS 發票／收據號碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="44" />
        <source>Award</source>
        <translation>積點</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../desktop/controller.py" line="129" />
        <source>Sign in first, then scan.</source>
        <translation>請先登入再掃描。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="152" />
        <source>No member found for “%1”.</source>
        <translation>查無「%1」的會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="154" />
        <source>Press F4 to enroll this phone.</source>
        <translation>按 F4 以此手機入會。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="160" />
        <source>%1 members match — press ↓ and Enter to choose.</source>
        <translation>找到 %1 位會員 — 按 ↓ 再按 Enter 選擇。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="197" />
        <source>The report is for managers.</source>
        <translation>報表僅限店長使用。</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="138" />
        <source>● Online</source>
        <translation>● 已連線</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="140" />
        <source>● Offline — not connected to central (standalone)</source>
        <translation>● 離線 — 未連線總部（單機模式）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="143" />
        <source>● Offline — central unreachable</source>
        <translation>● 離線 — 無法連線總部</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="145" />
        <source>Waiting to sync: %1</source>
        <translation>待同步：%1 筆</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="146" />
        <source>never</source>
        <translation>從未</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="147" />
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
</context>
<context>
    <name>EnrollView</name>
    <message>
        <location filename="../../desktop/views/enroll.py" line="61" />
        <source>New member</source>
        <translation>新會員入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="62" />
        <source>Mobile phone</source>
        <translation>手機號碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="62" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="63" />
        <source>Birthday (MM/DD, optional)</source>
        <translation>生日（月/日，選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="63" />
        <source>Marketing messages</source>
        <translation>行銷訊息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="64" />
        <source>Referral code (optional)</source>
        <translation>推薦碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="67" />
        <source>&amp;Yes, agrees</source>
        <translation>同意接收(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="68" />
        <source>&amp;No</source>
        <translation>不同意(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="69" />
        <source>Ask the customer; the choice and its time are recorded.</source>
        <translation>請詢問顧客；選擇與時間會一併記錄。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="71" />
        <source>Enroll</source>
        <translation>入會</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../desktop/views/common.py" line="181" />
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="182" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../desktop/formatting.py" line="24" />
        <source>%1 points</source>
        <translation>%1 點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="52" />
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="53" />
        <source>Active</source>
        <translation>活躍</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="54" />
        <source>Sleeping</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="55" />
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="58" />
        <source>No purchase yet</source>
        <translation>尚無消費</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="64" />
        <source>Earn</source>
        <translation>積點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="65" />
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="66" />
        <source>Bonus</source>
        <translation>贈點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="67" />
        <source>Adjust</source>
        <translation>調整</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="68" />
        <source>Expired</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="69" />
        <source>Void</source>
        <translation>作廢</translation>
    </message>
</context>
<context>
    <name>FunctionKeyBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="89" />
        <source>Award</source>
        <translation>積點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="89" />
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="90" />
        <source>New member</source>
        <translation>新會員入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="90" />
        <source>No member</source>
        <translation>非會員</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="91" />
        <source>Void</source>
        <translation>作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="91" />
        <source>Report</source>
        <translation>報表</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="92" />
        <source>Lock</source>
        <translation>鎖定</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="46" />
        <source>%1 · terminal %2</source>
        <translation>%1 · 收銀機 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="60" />
        <source>Manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="60" />
        <source>Cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="139" />
        <source>Regulars — member counter</source>
        <translation>Regulars — 會員櫃台</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../desktop/membercard.py" line="137" />
        <source>Save PNG…</source>
        <translation>儲存 PNG…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="138" />
        <source>Save PDF…</source>
        <translation>儲存 PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="139" />
        <source>Print card slip</source>
        <translation>列印會員卡單</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="151" />
        <source>Member card</source>
        <translation>會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="155" />
        <source>Save member card</source>
        <translation>儲存會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="166" />
        <source>Could not save the card: %1</source>
        <translation>無法儲存會員卡：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="169" />
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="176" />
        <source>The card slip is printing.</source>
        <translation>會員卡單列印中。</translation>
    </message>
</context>
<context>
    <name>MemberPanelView</name>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="132" />
        <source>Find a member: type a phone number, its last digits, a name, or scan the member card.</source>
        <translation>查詢會員：輸入手機號碼、末三碼或末四碼、姓名，或掃描會員卡。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Points</source>
        <translation>點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="136" />
        <source>Receipt</source>
        <translation>收據號碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="136" />
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="137" />
        <source>points</source>
        <translation>點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="155" />
        <source>Birthday month</source>
        <translation>本月壽星</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="158" />
        <source>Under review</source>
        <translation>審核中</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="161" />
        <source>never</source>
        <translation>從未</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="163" />
        <source>Code %1</source>
        <translation>會員編號 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="164" />
        <source>Last visit %1</source>
        <translation>最近消費 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="166" />
        <source>Confirmed %1 + pending here %2</source>
        <translation>已確認 %1 ＋ 本機待同步 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="175" />
        <source>%1 points expire on %2</source>
        <translation>%1 點將於 %2 到期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="180" />
        <source>No points expire in the next 30 days</source>
        <translation>30 天內無點數到期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="188" />
        <source>Top tier</source>
        <translation>已是最高等級</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="195" />
        <source>Spend %1 more to reach %2</source>
        <translation>再消費 %1 可升級為%2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="204" />
        <source>Voided</source>
        <translation>已作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="205" />
        <source>Confirmed</source>
        <translation>已確認</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="205" />
        <source>Pending</source>
        <translation>待同步</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/messages.py" line="30" />
        <source>Type a phone number, its last digits, a member code or a name.</source>
        <translation>請輸入手機號碼、末三碼或末四碼、會員編號或姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="31" />
        <source>A member code has 10 digits and does not start with 0.</source>
        <translation>會員編號為 10 位數字，且不以 0 開頭。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="32" />
        <source>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</source>
        <translation>編號 %1 檢查碼錯誤：有數字輸入或讀取錯誤。請重新掃描或輸入。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="33" />
        <source>Enter a phone number.</source>
        <translation>請輸入手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="34" />
        <source>A phone number has only digits, spaces, dashes and a leading +.</source>
        <translation>手機號碼只能包含數字、空格、連字號及開頭的 +。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="35" />
        <source>That is not a phone number.</source>
        <translation>這不是電話號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="36" />
        <source>That phone number is not valid: check the number of digits.</source>
        <translation>電話號碼無效：請檢查位數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="37" />
        <source>That is not a mobile number; members join with a mobile.</source>
        <translation>這不是手機號碼；入會請使用手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="38" />
        <source>Enter the sale amount.</source>
        <translation>請輸入消費金額。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="39" />
        <source>That is not an amount.</source>
        <translation>這不是有效的金額。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="40" />
        <source>The amount cannot be negative.</source>
        <translation>金額不可為負數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="41" />
        <source>The amount must be more than zero.</source>
        <translation>金額必須大於零。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="42" />
        <source>Too many decimals for this currency.</source>
        <translation>此幣別的小數位數過多。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="43" />
        <source>That amount is too large for one sale.</source>
        <translation>單筆消費金額過大。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="44" />
        <source>That receipt number is not valid.</source>
        <translation>收據號碼無效。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="45" />
        <source>Receipt %1 already earned points.</source>
        <translation>收據 %1 已經積過點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="46" />
        <source>Enter the points to redeem.</source>
        <translation>請輸入要折抵的點數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="47" />
        <source>Type the points as a whole number.</source>
        <translation>點數請輸入整數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="48" />
        <source>Points are redeemed in steps of %1.</source>
        <translation>點數須以 %1 點為單位折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="49" />
        <source>The minimum redemption is %1 points.</source>
        <translation>最少須折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="50" />
        <source>The member has only %1 points.</source>
        <translation>會員只有 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="51" />
        <source>At most %1 points per sale.</source>
        <translation>每筆最多折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="52" />
        <source>Points can pay at most %1% of this sale.</source>
        <translation>點數最多折抵本筆消費的 %1%。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="53" />
        <source>Redeeming over %1 points needs a manager's approval.</source>
        <translation>折抵超過 %1 點需要店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="54" />
        <source>The chain does not allow redeeming offline.</source>
        <translation>本連鎖不允許離線折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="55" />
        <source>More points than may be redeemed in one sale offline.</source>
        <translation>超過離線時單筆可折抵的點數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="56" />
        <source>This member already redeemed offline here as often as allowed.</source>
        <translation>此會員在本機離線折抵次數已達上限。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="57" />
        <source>Too long since the last sync to redeem offline.</source>
        <translation>距上次同步過久，無法離線折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="58" />
        <source>This terminal's offline redemption budget is used up.</source>
        <translation>本機離線折抵額度已用完。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="59" />
        <source>A manager may approve it.</source>
        <translation>可由店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="60" />
        <source>Only a manager can approve this.</source>
        <translation>只有店長可以核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="61" />
        <source>Unknown cashier.</source>
        <translation>查無此收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="62" />
        <source>Too many wrong PINs. Try again in %1 min.</source>
        <translation>密碼錯誤次數過多，請 %1 分鐘後再試。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="63" />
        <source>Wrong PIN.</source>
        <translation>密碼錯誤。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="64" />
        <source>A PIN is 4 to 8 digits.</source>
        <translation>密碼為 4 到 8 位數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="65" />
        <source>The two PINs differ.</source>
        <translation>兩次輸入的密碼不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="66" />
        <source>Enter the cashier's name.</source>
        <translation>請輸入收銀員姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="67" />
        <source>A cashier with that name already exists.</source>
        <translation>已有同名的收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="68" />
        <source>This store already has a manager.</source>
        <translation>本店已有店長。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="69" />
        <source>Enter the member's name.</source>
        <translation>請輸入會員姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="70" />
        <source>A name has at most %1 characters.</source>
        <translation>姓名最多 %1 個字。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="71" />
        <source>That birthday is not a date.</source>
        <translation>生日日期無效。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="72" />
        <source>That birth year is not plausible.</source>
        <translation>出生年份不合理。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="73" />
        <source>Type the birthday as MM/DD or YYYY/MM/DD.</source>
        <translation>生日請輸入「月/日」或「年/月/日」。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="74" />
        <source>Ask the customer: may we send marketing messages? Choose yes or no.</source>
        <translation>請詢問顧客是否願意接收行銷訊息，並選擇同意或不同意。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="75" />
        <source>%1 is already a member: showing them instead.</source>
        <translation>%1 已是會員：改為顯示該會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="76" />
        <source>No such member or transaction.</source>
        <translation>查無此會員或交易。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="77" />
        <source>Give a reason for the void.</source>
        <translation>請輸入作廢原因。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="78" />
        <source>That entry cannot be voided.</source>
        <translation>這筆交易不能作廢。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="79" />
        <source>That transaction was already voided.</source>
        <translation>這筆交易已經作廢。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="80" />
        <source>Pick a transaction in the member's history first.</source>
        <translation>請先從會員的交易紀錄選擇一筆。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="81" />
        <source>Find the member first.</source>
        <translation>請先查詢會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="82" />
        <source>A manager must enter their PIN to approve.</source>
        <translation>需要店長輸入密碼核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="83" />
        <source>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</source>
        <translation>本機尚無會員編號區段，無法入會。請執行設定或同步。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="84" />
        <source>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</source>
        <translation>本機資料庫無法儲存，這筆未記錄。請再試一次；若持續發生請聯絡客服。</translation>
    </message>
</context>
<context>
    <name>QuickSaleView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="87" />
        <source>Sale without a member</source>
        <translation>非會員銷售</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="88" />
        <source>Record the sale so the report shows members' share of sales. No points are given.</source>
        <translation>記錄這筆銷售，報表才能計算會員消費占比。不會給點。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="90" />
        <source>Sale amount</source>
        <translation>消費金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="91" />
        <source>POS receipt no. (optional)</source>
        <translation>POS 發票／收據號碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="92" />
        <source>Record sale</source>
        <translation>記錄銷售</translation>
    </message>
</context>
<context>
    <name>RedeemView</name>
    <message>
        <location filename="../../desktop/views/redeem.py" line="51" />
        <source>Redeem points</source>
        <translation>點數折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="52" />
        <source>Points to redeem</source>
        <translation>折抵點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="53" />
        <source>Sale amount (optional)</source>
        <translation>消費金額（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="54" />
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop/views/search.py" line="45" />
        <source>Phone, last 3–4 digits, member code or name — or scan the card</source>
        <translation>手機號碼、末三碼或末四碼、會員編號或姓名 — 或掃描會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="46" />
        <source>Find</source>
        <translation>查詢</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/views/signin.py" line="111" />
        <source>Set up this counter</source>
        <translation>設定這台收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="112" />
        <location filename="../../desktop/views/signin.py" line="117" />
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="114" />
        <source>No manager exists yet. Create the store manager's account.</source>
        <translation>尚未建立店長。請建立店長帳號。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="115" />
        <source>Pick your name and type your PIN.</source>
        <translation>請選擇您的名字並輸入密碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="116" />
        <source>PIN</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="118" />
        <source>Manager's name</source>
        <translation>店長姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="119" />
        <source>PIN (4–8 digits)</source>
        <translation>密碼（4–8 位數字）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="120" />
        <source>PIN again</source>
        <translation>再輸入一次密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="121" />
        <source>Create manager</source>
        <translation>建立店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="133" />
        <source>Manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="133" />
        <source>Cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>VoidView</name>
    <message>
        <location filename="../../desktop/views/void.py" line="50" />
        <source>Void a transaction</source>
        <translation>作廢交易</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="51" />
        <source>Transaction (↑↓ to choose)</source>
        <translation>交易（按 ↑↓ 選擇）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="52" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="53" />
        <source>Void</source>
        <translation>作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="75" />
        <source>A manager must approve a void.</source>
        <translation>作廢需要店長核准。</translation>
    </message>
</context>
</TS>
