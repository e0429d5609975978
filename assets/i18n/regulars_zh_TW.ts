<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>ActionFlows</name>
    <message>
        <location filename="../../desktop/flows.py" line="120"/>
        <source>Earns +%1 points</source>
        <translation>可得 +%1 點</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="122"/>
        <source>(birthday month bonus)</source>
        <translation>（壽星月加倍）</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="133"/>
        <source>E-invoice %1 of %2, total %3: Enter awards.</source>
        <translation>電子發票 %1（%2），總計 %3：按 Enter 積點。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="155"/>
        <source>Awarded +%1 points for %2. Balance %3.</source>
        <translation>已積點 +%1 點（消費 %2）。目前點數 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="166"/>
        <source>POS sale: awarded +%1 points for %2. Balance %3.</source>
        <translation>POS 交易：已積點 +%1 點（消費 %2）。目前點數 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="179"/>
        <source>this till</source>
        <translation>本收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="180"/>
        <source>this store, till %1</source>
        <translation>本店收銀機 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="182"/>
        <source>store %1, till %2</source>
        <translation>門市 %1 收銀機 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="184"/>
        <source>Invoice %1 already earned points on %2 at %3.</source>
        <translation>發票 %1 已於 %2 在%3積過點。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="193"/>
        <source>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</source>
        <translation>點數 %1 · 最少 %2 點 · 每筆最多 %3 點，以 %4 點為單位</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="199"/>
        <source>Offline: up to %1 points without a manager.</source>
        <translation>離線中：未經店長核准最多折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="213"/>
        <source>%1 points = %2 off</source>
        <translation>%1 點 = 折抵 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="236"/>
        <source>A manager must approve: enter their PIN.</source>
        <translation>需要店長核准：請店長輸入密碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="242"/>
        <source>Redeemed %1 points = %2 off. Balance %3.</source>
        <translation>已折抵 %1 點 = %2。目前點數 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="263"/>
        <source>Recorded after the stop: %1 redemption(s) central had approved (%2 points). Slips are printing; void one if the customer did not get the discount.</source>
        <translation>停機前總部已核准的折抵已補記：%1 筆（共 %2 點）。正在列印收據；若顧客未取得折抵，請作廢該筆。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="287"/>
        <source>Carrier barcode %1 linked to %2: scanning it finds them.</source>
        <translation>手機條碼 %1 已綁定 %2：之後掃描即可找到會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="303"/>
        <source>Welcome, %1! Member code %2.</source>
        <translation>歡迎 %1 加入！會員編號 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="320"/>
        <source>A manager must approve a void.</source>
        <translation>作廢需要店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="327"/>
        <source>Voided: %1 points reversed. Balance %2.</source>
        <translation>已作廢：沖回 %1 點。目前點數 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="339"/>
        <source>Sale of %1 recorded without a member.</source>
        <translation>已記錄非會員銷售 %1。</translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../desktop/views/common.py" line="172"/>
        <source>Manager approval</source>
        <translation>店長核准</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="173"/>
        <source>Approved by</source>
        <translation>核准人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="174"/>
        <source>Manager PIN</source>
        <translation>店長密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="179"/>
        <source>manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="179"/>
        <source>cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>AwardView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="49"/>
        <source>Award points</source>
        <translation>消費積點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="50"/>
        <source>Sale amount</source>
        <translation>消費金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="51"/>
        <source>POS receipt no. (optional)</source>
        <translation>POS 發票／收據號碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="52"/>
        <source>Award</source>
        <translation>積點</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../desktop/camera/dock.py" line="47"/>
        <source>Camera</source>
        <translation>相機</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="48"/>
        <source>No camera</source>
        <translation>沒有相機</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="49"/>
        <source>Camera is off</source>
        <translation>相機已關閉</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="52"/>
        <source>Show or hide the camera and its picker</source>
        <translation>顯示或隱藏相機與相機選擇</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="57"/>
        <source>Camera used to scan member codes</source>
        <translation>用來掃描會員條碼的相機</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="71"/>
        <source>Camera off</source>
        <translation>關閉相機</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="87"/>
        <source>Hold the member&apos;s code up to the camera.</source>
        <translation>請將會員條碼對準相機。</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="88"/>
        <source>Camera off. Scan with the USB scanner or type the code.</source>
        <translation>相機已關閉。請用掃描槍掃描或輸入會員編號。</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="90"/>
        <source>No camera found. Scan with the USB scanner or type the member code or phone.</source>
        <translation>找不到相機。請用掃描槍掃描，或輸入會員編號或手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="92"/>
        <source>The camera stopped: %1. Scan with the USB scanner or type the code.</source>
        <translation>相機已停止：%1。請用掃描槍掃描或輸入會員編號。</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="104"/>
        <source>Read %1 ✓</source>
        <translation>已讀取 %1 ✓</translation>
    </message>
</context>
<context>
    <name>CarrierView</name>
    <message>
        <location filename="../../desktop/views/carrier.py" line="34"/>
        <source>Link a carrier barcode</source>
        <translation>綁定手機條碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="36"/>
        <source>Link mobile-carrier barcode %1 to %2, so scanning it finds them? Ask the customer first; the store keeps it only in a form that cannot be read back.</source>
        <translation>要將手機條碼 %1 綁定給 %2，之後掃描即可找到會員嗎？請先徵得顧客同意；本店只保存無法還原的形式。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="39"/>
        <source>The customer agrees</source>
        <translation>顧客同意</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="40"/>
        <source>Link</source>
        <translation>綁定</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../desktop/controller.py" line="152"/>
        <source>Sign in first, then scan.</source>
        <translation>請先登入再掃描。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="208"/>
        <source>No member found for “%1”.</source>
        <translation>查無「%1」的會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="210"/>
        <source>Press F4 to enroll this phone.</source>
        <translation>按 F4 以此手機入會。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="216"/>
        <source>%1 members match — press ↓ and Enter to choose.</source>
        <translation>找到 %1 位會員 — 按 ↓ 再按 Enter 選擇。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="228"/>
        <source>No member has linked carrier barcode %1. Find the member, then scan it again to link it.</source>
        <translation>沒有會員綁定手機條碼 %1。請先找到會員，再掃描一次即可綁定。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="279"/>
        <source>The report is for managers.</source>
        <translation>報表僅限店長使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="312"/>
        <source>The waiting sale was cancelled.</source>
        <translation>等待中的交易已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="168"/>
        <source>%1 is already on screen.</source>
        <translation>%1 已在畫面上。</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="175"/>
        <source>● Online</source>
        <translation>● 已連線</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="177"/>
        <source>● Offline — not connected to central (standalone)</source>
        <translation>● 離線 — 未連線總部（單機模式）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="180"/>
        <source>● Not connected — central&apos;s certificate or address refused</source>
        <translation>● 未連線 — 總部的憑證或網址被拒</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="183"/>
        <source>● Offline — central unreachable</source>
        <translation>● 離線 — 無法連線總部</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="186"/>
        <source>Waiting to sync: %1</source>
        <translation>待同步：%1 筆</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="189"/>
        <source>never</source>
        <translation>從未</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="190"/>
        <source>Last sync: %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="192"/>
        <source>Loading members from central: %1 of %2</source>
        <translation>正在從總部載入會員：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="201"/>
        <source>⚠ Nothing sent for 15 minutes while online: call support</source>
        <translation>⚠ 連線中卻已 15 分鐘未能上傳：請聯絡技術支援</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="210"/>
        <source>%1 rejected</source>
        <translation>%1 筆遭拒</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="212"/>
        <source>%1 overdrawn</source>
        <translation>%1 筆超額折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="215"/>
        <source>%1 set aside</source>
        <translation>%1 筆暫存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="217"/>
        <source>Sync details</source>
        <translation>同步明細</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="225"/>
        <source>Central cannot be reached; sales continue offline.</source>
        <translation>無法連線總部；可繼續離線作業。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="226"/>
        <source>Central refused this terminal: a manager must register it again.</source>
        <translation>總部拒絕此機台：需由店長重新註冊。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="228"/>
        <source>Not registered with central.</source>
        <translation>尚未向總部註冊。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="229"/>
        <source>The member list from central arrived damaged; it is fetched again.</source>
        <translation>自總部下載的會員資料有損毀，正在重新下載。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="231"/>
        <source>Central&apos;s certificate is not trusted or not the pinned one: nothing is sent; sales continue offline. Call head office.</source>
        <translation>總部的憑證不受信任或與釘選的憑證不符：不會傳送任何資料；可繼續離線作業。請聯絡總部。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="234"/>
        <source>Central&apos;s address is not https://: nothing is sent; sales continue offline. Call head office.</source>
        <translation>總部的網址不是 https://：不會傳送任何資料；可繼續離線作業。請聯絡總部。</translation>
    </message>
</context>
<context>
    <name>EnrollView</name>
    <message>
        <location filename="../../desktop/views/enroll.py" line="82"/>
        <source>New member</source>
        <translation>新會員入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="83"/>
        <source>Mobile phone</source>
        <translation>手機號碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="83"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="84"/>
        <source>Birthday (MM/DD, optional)</source>
        <translation>生日（月/日，選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="84"/>
        <source>Marketing messages</source>
        <translation>行銷訊息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="85"/>
        <source>Referral code (optional)</source>
        <translation>推薦碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="88"/>
        <source>&amp;Yes, agrees</source>
        <translation>同意接收(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="89"/>
        <source>&amp;No</source>
        <translation>不同意(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="90"/>
        <source>Ask the customer; the choice and its time are recorded.</source>
        <translation>請詢問顧客；選擇與時間會一併記錄。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="92"/>
        <source>Enroll</source>
        <translation>入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="99"/>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 字</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="17"/>
        <source>Type the store&apos;s name, as customers know it.</source>
        <translation>請輸入門市名稱（顧客認得的名稱）。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="18"/>
        <source>A store name has at most 40 characters.</source>
        <translation>門市名稱最多 40 個字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="19"/>
        <source>A store name cannot hold line breaks or other control characters.</source>
        <translation>門市名稱不能包含換行或其他控制字元。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="20"/>
        <source>A till name has at most 20 characters.</source>
        <translation>收銀機名稱最多 20 個字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="21"/>
        <source>A till name cannot hold line breaks or other control characters.</source>
        <translation>收銀機名稱不可含換行或其他控制字元。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="22"/>
        <source>Choose Taiwan or Hong Kong.</source>
        <translation>請選擇台灣或香港。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="23"/>
        <source>Choose a time zone from the list.</source>
        <translation>請從清單選擇時區。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="24"/>
        <source>Type the manager&apos;s name.</source>
        <translation>請輸入店長姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="25"/>
        <source>A name has at most 40 characters.</source>
        <translation>姓名最多 40 個字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="26"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>密碼為 4 到 8 位數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="27"/>
        <source>The two PINs differ. Type the PIN twice again.</source>
        <translation>兩次輸入的密碼不同，請重新輸入兩次。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="28"/>
        <source>A cashier with that name already exists.</source>
        <translation>已有同名的收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="29"/>
        <source>Type central&apos;s address, like https://central.example.com.</source>
        <translation>請輸入總部系統的網址，例如 https://central.example.com。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="30"/>
        <source>Central&apos;s address must start with https://: plain http:// would send this terminal&apos;s credential and members&apos; phones unencrypted (it is allowed only to this computer).</source>
        <translation>總部的網址必須以 https:// 開頭：使用 http:// 會讓這台收銀機的憑證與會員電話以未加密方式傳送（只有連到這台電腦本身時才允許）。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="31"/>
        <source>Type the enrollment code head office gave you.</source>
        <translation>請輸入總部提供的註冊碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="32"/>
        <source>An enrollment code has only letters and digits, like ABCD-EFGH-JKLM-NPQR.</source>
        <translation>註冊碼只含英文字母與數字，例如 ABCD-EFGH-JKLM-NPQR。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="33"/>
        <source>Central refused this enrollment code: it is mistyped, already used or expired. Check it, or ask head office for a new one.</source>
        <translation>總部系統拒絕了這個註冊碼：可能輸入錯誤、已被使用或已過期。請檢查，或向總部索取新的註冊碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="34"/>
        <source>Central cannot be reached at this address. Check the address and the network cable and try again — or choose Standalone to start selling now and register later.</source>
        <translation>無法連上這個網址的總部系統。請檢查網址與網路線後再試一次；或選擇「單機使用」，先開始營業，稍後再註冊。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="35"/>
        <source>Central&apos;s certificate is not trusted here (expired, for another address, or from an unknown authority). Nothing was sent. Check the address, or ask head office for the chain&apos;s CA file.</source>
        <translation>這台收銀機不信任總部的憑證（已過期、屬於其他網址，或由不認識的機構簽發）。未傳送任何資料。請檢查網址，或向總部索取連鎖店的憑證機構檔案。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="36"/>
        <source>Central&apos;s certificate is not the one pinned in this terminal&apos;s settings: the connection may be intercepted, or the certificate was replaced. Nothing was sent; ask head office.</source>
        <translation>總部的憑證與這台收銀機設定中釘選的憑證不符：連線可能遭到攔截，或總部已更換憑證。未傳送任何資料；請洽詢總部。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="37"/>
        <source>That address answers, but not like a Regulars central. Check the address.</source>
        <translation>這個網址有回應，但不是 Regulars 總部系統。請檢查網址。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="38"/>
        <source>This terminal still has operations waiting to be sent to central; it cannot register again now.</source>
        <translation>這台收銀機還有資料等待傳送到總部，目前不能重新註冊。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="39"/>
        <source>Registration failed unexpectedly. Nothing was saved; try again, and call support if it repeats.</source>
        <translation>註冊意外失敗，沒有儲存任何資料。請再試一次；若持續發生，請聯絡客服。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="40"/>
        <source>A member-code block is a number from 1 to 999.</source>
        <translation>會員編號區段為 1 到 999 的數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="41"/>
        <source>Type the printer&apos;s network address (for example 192.168.1.50).</source>
        <translation>請輸入印表機的網路位址（例如 192.168.1.50）。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="42"/>
        <source>A port is a number from 1 to 65535.</source>
        <translation>連接埠為 1 到 65535 的數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="43"/>
        <source>Type the printer&apos;s device or file path.</source>
        <translation>請輸入印表機的裝置或檔案路徑。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="44"/>
        <source>Register with central or choose Standalone first.</source>
        <translation>請先向總部註冊，或選擇單機使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="45"/>
        <source>Making the manager at central…</source>
        <translation>正在總部建立店長…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="46"/>
        <source>Central could not make the manager (it cannot be reached, or refused). Nothing was saved; check the network and press Finish again.</source>
        <translation>總部無法建立店長（連不上或被拒絕）。尚未儲存任何資料；請檢查網路後再按「完成」。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="47"/>
        <source>Head office already set up this store&apos;s staff. Go back and type the name and PIN of one of its managers.</source>
        <translation>總部已設定本店的員工。請返回並輸入其中一位店長的姓名與 PIN。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="48"/>
        <source>The settings could not be saved. Nothing was written; try again, and call support if it repeats.</source>
        <translation>設定無法儲存，沒有寫入任何資料。請再試一次；若持續發生，請聯絡客服。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="52"/>
        <source>The printer cannot be reached. Check its address, that it is switched on and its cable is plugged in.</source>
        <translation>無法連上印表機。請檢查位址、電源是否開啟、線路是否插好。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="53"/>
        <source>The printer does not answer. Switch it off and on and try again.</source>
        <translation>印表機沒有回應。請關閉再開啟電源後重試。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="54"/>
        <source>The printer stopped in the middle of the slip. Check it and try again.</source>
        <translation>印表機在列印途中停止。請檢查後重試。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="55"/>
        <source>The printer is out of paper. Load a roll and try again.</source>
        <translation>印表機沒紙了。請裝上紙捲後重試。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="56"/>
        <source>The printer&apos;s cover is open. Close it and try again.</source>
        <translation>印表機上蓋未關。請關上後重試。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="131"/>
        <source>registered with central as %1 (store %2)</source>
        <translation>已向總部註冊為 %1（門市 %2）</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="134"/>
        <source>standalone, member-code block %1</source>
        <translation>單機使用，會員編號區段 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="137"/>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="141"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="142"/>
        <source>Store</source>
        <translation>門市</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="143"/>
        <source>Till name</source>
        <translation>收銀機名稱</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="143"/>
        <source>(none)</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="144"/>
        <source>Region</source>
        <translation>地區</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="145"/>
        <source>Currency</source>
        <translation>幣別</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="146"/>
        <source>Time zone</source>
        <translation>時區</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="147"/>
        <source>Terminal</source>
        <translation>收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="148"/>
        <source>Manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="149"/>
        <source>Receipt printer</source>
        <translation>收據印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="156"/>
        <source>Regulars — set up this counter</source>
        <translation>Regulars — 設定這台收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="157"/>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="158"/>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="159"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="160"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../desktop/views/common.py" line="247"/>
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="248"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../desktop/formatting.py" line="24"/>
        <source>%1 points</source>
        <translation>%1 點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="52"/>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="53"/>
        <source>Active</source>
        <translation>活躍</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="54"/>
        <source>Sleeping</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="55"/>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="58"/>
        <source>No purchase yet</source>
        <translation>尚無消費</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="64"/>
        <source>Earn</source>
        <translation>積點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="65"/>
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="66"/>
        <source>Bonus</source>
        <translation>贈點</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="67"/>
        <source>Adjust</source>
        <translation>調整</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="68"/>
        <source>Expired</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="69"/>
        <source>Void</source>
        <translation>作廢</translation>
    </message>
</context>
<context>
    <name>FunctionKeyBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="108"/>
        <source>Award</source>
        <translation>積點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="108"/>
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="109"/>
        <source>New member</source>
        <translation>新會員入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="109"/>
        <source>No member</source>
        <translation>非會員</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="110"/>
        <source>Void</source>
        <translation>作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="110"/>
        <source>Report</source>
        <translation>報表</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="111"/>
        <source>Lock</source>
        <translation>鎖定</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="62"/>
        <source>Till %1</source>
        <translation>收銀機 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="66"/>
        <source>Terminal id: %1</source>
        <translation>收銀機代號：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="79"/>
        <source>Manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="79"/>
        <source>Cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>IncomingSales</name>
    <message>
        <location filename="../../desktop/incoming.py" line="99"/>
        <source>Scan the member&apos;s card or type their phone. Esc cancels it.</source>
        <translation>請掃描會員卡或輸入手機號碼。按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="102"/>
        <source>E-invoice %1 (%2) waits for its member.</source>
        <translation>電子發票 %1（%2）等待會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="106"/>
        <source>POS sale %1 waits for its member.</source>
        <translation>POS 交易 %1 等待會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="109"/>
        <source>Receipt %1.</source>
        <translation>單號 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="111"/>
        <source>%1 items.</source>
        <translation>共 %1 項商品。</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="61"/>
        <source>Welcome to Regulars</source>
        <translation>歡迎使用 Regulars</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="62"/>
        <source>This counter is not set up yet. Choose the language for set-up and for the counter (it can be changed later).</source>
        <translation>這台收銀機尚未設定。請選擇設定與收銀畫面使用的語言（之後可以更改）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="155"/>
        <source>Regulars — member counter</source>
        <translation>Regulars — 會員櫃台</translation>
    </message>
</context>
<context>
    <name>ManagerPage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="175"/>
        <source>Store manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="176"/>
        <source>The manager signs in with this PIN, approves large redemptions and voids, and adds the cashiers.</source>
        <translation>店長以這組密碼登入，核准大額兌換與作廢，並新增收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="178"/>
        <source>Manager&apos;s name</source>
        <translation>店長姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="179"/>
        <source>PIN (4–8 digits)</source>
        <translation>密碼（4–8 位數字）</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="180"/>
        <source>PIN again</source>
        <translation>再輸入一次密碼</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../desktop/membercard.py" line="137"/>
        <source>Save PNG…</source>
        <translation>儲存 PNG…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="138"/>
        <source>Save PDF…</source>
        <translation>儲存 PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="139"/>
        <source>Print card slip</source>
        <translation>列印會員卡單</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="151"/>
        <source>Member card</source>
        <translation>會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="154"/>
        <source>Save member card</source>
        <translation>儲存會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="164"/>
        <source>Could not save the card: %1</source>
        <translation>無法儲存會員卡：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="167"/>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="174"/>
        <source>The card slip is printing.</source>
        <translation>會員卡單列印中。</translation>
    </message>
</context>
<context>
    <name>MemberPanelView</name>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="140"/>
        <source>Find a member: type a phone number, its last digits, a name, or scan the member card.</source>
        <translation>查詢會員：輸入手機號碼、末三碼或末四碼、姓名，或掃描會員卡。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Points</source>
        <translation>點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="144"/>
        <source>Receipt</source>
        <translation>收據號碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="144"/>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="145"/>
        <source>points</source>
        <translation>點</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="146"/>
        <source>Member card</source>
        <translation>會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="164"/>
        <source>Birthday month</source>
        <translation>本月壽星</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="167"/>
        <source>Under review</source>
        <translation>審核中</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="170"/>
        <source>never</source>
        <translation>從未</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="172"/>
        <source>Code %1</source>
        <translation>會員編號 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="173"/>
        <source>Last visit %1</source>
        <translation>最近消費 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="175"/>
        <source>Confirmed %1 + pending here %2</source>
        <translation>已確認 %1 ＋ 本機待同步 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="184"/>
        <source>%1 points expire on %2</source>
        <translation>%1 點將於 %2 到期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="189"/>
        <source>No points expire in the next 30 days</source>
        <translation>30 天內無點數到期</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="197"/>
        <source>Top tier</source>
        <translation>已是最高等級</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="204"/>
        <source>Spend %1 more to reach %2</source>
        <translation>再消費 %1 可升級為%2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="213"/>
        <source>Voided</source>
        <translation>已作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="214"/>
        <source>Confirmed</source>
        <translation>已確認</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="214"/>
        <source>Pending</source>
        <translation>待同步</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/messages.py" line="30"/>
        <source>Type a phone number, its last digits, a member code or a name.</source>
        <translation>請輸入手機號碼、末三碼或末四碼、會員編號或姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="31"/>
        <source>A member code has 10 digits and does not start with 0.</source>
        <translation>會員編號為 10 位數字，且不以 0 開頭。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="32"/>
        <source>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</source>
        <translation>編號 %1 檢查碼錯誤：有數字輸入或讀取錯誤。請重新掃描或輸入。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="33"/>
        <source>Enter a phone number.</source>
        <translation>請輸入手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="34"/>
        <source>A phone number has only digits, spaces, dashes and a leading +.</source>
        <translation>手機號碼只能包含數字、空格、連字號及開頭的 +。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="35"/>
        <source>That is not a phone number.</source>
        <translation>這不是電話號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="36"/>
        <source>That phone number is not valid: check the number of digits.</source>
        <translation>電話號碼無效：請檢查位數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="37"/>
        <source>That is not a mobile number; members join with a mobile.</source>
        <translation>這不是手機號碼；入會請使用手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="38"/>
        <source>A member&apos;s mobile number has no extension: remove %1.</source>
        <translation>會員的手機號碼沒有分機，請刪除 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="39"/>
        <source>This chain does not take members with mobile numbers from %1.</source>
        <translation>本連鎖店不接受 %1 的手機號碼入會。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="40"/>
        <source>Enter the sale amount.</source>
        <translation>請輸入消費金額。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="41"/>
        <source>That is not an amount.</source>
        <translation>這不是有效的金額。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="42"/>
        <source>The amount cannot be negative.</source>
        <translation>金額不可為負數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="43"/>
        <source>The amount must be more than zero.</source>
        <translation>金額必須大於零。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="44"/>
        <source>Too many decimals for this currency.</source>
        <translation>此幣別的小數位數過多。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="45"/>
        <source>That amount is too large for one sale.</source>
        <translation>單筆消費金額過大。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="46"/>
        <source>That receipt number is not valid.</source>
        <translation>收據號碼無效。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="47"/>
        <source>Receipt %1 already earned points.</source>
        <translation>收據 %1 已經積過點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="48"/>
        <source>Enter the points to redeem.</source>
        <translation>請輸入要折抵的點數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="49"/>
        <source>Type the points as a whole number.</source>
        <translation>點數請輸入整數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="50"/>
        <source>Points are redeemed in steps of %1.</source>
        <translation>點數須以 %1 點為單位折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="51"/>
        <source>The minimum redemption is %1 points.</source>
        <translation>最少須折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="52"/>
        <source>The member has only %1 points.</source>
        <translation>會員只有 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="53"/>
        <source>At most %1 points per sale.</source>
        <translation>每筆最多折抵 %1 點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="54"/>
        <source>Points can pay at most %1% of this sale.</source>
        <translation>點數最多折抵本筆消費的 %1%。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="55"/>
        <source>Central is still answering the last redemption.</source>
        <translation>總部仍在處理上一筆折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="56"/>
        <source>The redemption was cancelled; the member keeps the points.</source>
        <translation>折抵已取消，會員點數不變。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="57"/>
        <source>This redemption was cancelled at the counter.</source>
        <translation>此筆折抵已在櫃檯取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="58"/>
        <source>The redemption did not go through. Check the member&apos;s history before trying again.</source>
        <translation>折抵未完成。請先查看會員紀錄再重試。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="59"/>
        <source>Redeeming over %1 points needs a manager&apos;s approval.</source>
        <translation>折抵超過 %1 點需要店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="60"/>
        <source>The chain does not allow redeeming offline.</source>
        <translation>本連鎖不允許離線折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="61"/>
        <source>More points than may be redeemed in one sale offline.</source>
        <translation>超過離線時單筆可折抵的點數。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="62"/>
        <source>This member already redeemed offline here as often as allowed.</source>
        <translation>此會員在本機離線折抵次數已達上限。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="63"/>
        <source>Too long since the last sync to redeem offline.</source>
        <translation>距上次同步過久，無法離線折抵。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="64"/>
        <source>This terminal&apos;s offline redemption budget is used up.</source>
        <translation>本機離線折抵額度已用完。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="65"/>
        <source>A manager may approve it.</source>
        <translation>可由店長核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="66"/>
        <source>Only a manager can approve this.</source>
        <translation>只有店長可以核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="67"/>
        <source>Unknown cashier.</source>
        <translation>查無此收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="68"/>
        <source>Too many wrong PINs. Try again in %1 min.</source>
        <translation>密碼錯誤次數過多，請 %1 分鐘後再試。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="69"/>
        <source>Wrong PIN.</source>
        <translation>密碼錯誤。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="70"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>密碼為 4 到 8 位數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="71"/>
        <source>The two PINs differ.</source>
        <translation>兩次輸入的密碼不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="72"/>
        <source>Enter the cashier&apos;s name.</source>
        <translation>請輸入收銀員姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="73"/>
        <source>A cashier with that name already exists.</source>
        <translation>已有同名的收銀員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="74"/>
        <source>This store already has a manager.</source>
        <translation>本店已有店長。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="75"/>
        <source>Enter the member&apos;s name.</source>
        <translation>請輸入會員姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="76"/>
        <source>A name has at most %1 characters.</source>
        <translation>姓名最多 %1 個字。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="77"/>
        <source>The name contains an invisible or control character (%1): type the name again without it.</source>
        <translation>姓名含有看不見的字元或控制字元（%1），請重新輸入姓名，不要包含它。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="78"/>
        <source>The name contains a direction control character (%1), which reorders the letters on screen: type the name instead of pasting it.</source>
        <translation>姓名含有文字方向控制字元（%1），會打亂畫面上的字序，請直接輸入姓名，不要貼上。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="79"/>
        <source>The name contains a character this system does not know yet (%1), perhaps a newer emoji: type the name without it.</source>
        <translation>姓名含有本系統尚不認得的字元（%1），可能是較新的表情符號，請輸入不含它的姓名。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="80"/>
        <source>A new member cannot refer themself: give another member&apos;s phone or code.</source>
        <translation>新會員不能推薦自己：請輸入其他會員的手機或會員編號。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="81"/>
        <source>This expired on %1.</source>
        <translation>此券已於 %1 到期。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="82"/>
        <source>That cannot be recorded.</source>
        <translation>無法記錄此筆資料。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="83"/>
        <source>That cannot be done with this kind of coupon, pass or card.</source>
        <translation>這類優惠券、寄杯或集點卡不能這樣使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="84"/>
        <source>This member already holds as many as the program allows.</source>
        <translation>此會員持有的數量已達活動上限。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="85"/>
        <source>This member cannot take part in this program here.</source>
        <translation>此會員不能在本店參加此活動。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="86"/>
        <source>This till already redeemed %1 of these offline; connect to head office to redeem more.</source>
        <translation>本機離線時已兌換 %1 次；請連線總部後再兌換。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="87"/>
        <source>This can only be redeemed while the till is connected to head office.</source>
        <translation>此券只能在收銀機連線總部時兌換。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="88"/>
        <source>Only %1 left.</source>
        <translation>只剩 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="89"/>
        <source>This program is not running now.</source>
        <translation>此活動目前未進行。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="90"/>
        <source>That many cannot be redeemed at once.</source>
        <translation>一次不能兌換這個數量。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="91"/>
        <source>This has already been used.</source>
        <translation>此券已使用過。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="92"/>
        <source>That referral code is not valid: at most 40 letters, digits or symbols.</source>
        <translation>推薦碼無效：最多 40 個字母、數字或符號。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="93"/>
        <source>That birthday is not a date.</source>
        <translation>生日日期無效。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="94"/>
        <source>That birth year is not plausible.</source>
        <translation>出生年份不合理。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="95"/>
        <source>Type the birthday as MM/DD or YYYY/MM/DD.</source>
        <translation>生日請輸入「月/日」或「年/月/日」。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="96"/>
        <source>Ask the customer: may we send marketing messages? Choose yes or no.</source>
        <translation>請詢問顧客是否願意接收行銷訊息，並選擇同意或不同意。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="97"/>
        <source>%1 is already a member: showing them instead.</source>
        <translation>%1 已是會員：改為顯示該會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="98"/>
        <source>No such member or transaction.</source>
        <translation>查無此會員或交易。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="99"/>
        <source>Give a reason for the void.</source>
        <translation>請輸入作廢原因。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="100"/>
        <source>That entry cannot be voided.</source>
        <translation>這筆交易不能作廢。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="101"/>
        <source>That transaction was already voided.</source>
        <translation>這筆交易已經作廢。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="102"/>
        <source>Pick a transaction in the member&apos;s history first.</source>
        <translation>請先從會員的交易紀錄選擇一筆。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="103"/>
        <source>Find the member first.</source>
        <translation>請先查詢會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="104"/>
        <source>A manager must enter their PIN to approve.</source>
        <translation>需要店長輸入密碼核准。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="105"/>
        <source>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</source>
        <translation>本機尚無會員編號區段，無法入會。請執行設定或同步。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="106"/>
        <source>The invoice code is cut short (%1 characters): scan it again.</source>
        <translation>發票條碼不完整（只有 %1 個字元）：請再掃描一次。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="107"/>
        <source>That is the invoice&apos;s right QR code: scan the left one.</source>
        <translation>這是發票右邊的 QR 碼：請掃描左邊的。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="108"/>
        <source>That is not an e-invoice code: its fields do not fit the Ministry of Finance&apos;s layout.</source>
        <translation>這不是電子發票條碼：欄位不符合財政部規格。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="109"/>
        <source>The invoice date %1 is not a date.</source>
        <translation>發票日期 %1 不是有效日期。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="110"/>
        <source>The invoice is dated %1, after today.</source>
        <translation>發票日期為 %1，晚於今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="111"/>
        <source>The invoice&apos;s total is zero.</source>
        <translation>發票總計為零。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="112"/>
        <source>The seller&apos;s tax id %1 on the invoice fails its check: the code is damaged.</source>
        <translation>發票上的賣方統一編號 %1 檢查碼錯誤：條碼可能損壞。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="113"/>
        <source>This invoice is from another seller (tax id %1): it earns nothing here.</source>
        <translation>這張發票是其他賣方開立的（統一編號 %1）：在本店不能積點。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="114"/>
        <source>This counter has no seller tax ids set, so it cannot tell its own invoices: a manager sets them in the settings (F10).</source>
        <translation>本收銀機尚未設定賣方統一編號，無法辨識本店發票：請店長在設定（F10）中設定。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="115"/>
        <source>The POS sent a sale the counter cannot read.</source>
        <translation>POS 傳來的交易無法讀取。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="116"/>
        <source>A mobile-carrier barcode is / and 7 letters, digits or . + -.</source>
        <translation>手機條碼為 / 加上 7 個英文字母、數字或 . + -。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="117"/>
        <source>Ask the customer first: may we keep their carrier barcode to find them? Tick the box if they agree.</source>
        <translation>請先詢問顧客：是否同意本店保存手機條碼以便找到會員？同意請勾選。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="118"/>
        <source>This carrier barcode is linked to another member.</source>
        <translation>這個手機條碼已綁定其他會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="119"/>
        <source>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</source>
        <translation>本機資料庫無法儲存，這筆未記錄。請再試一次；若持續發生請聯絡客服。</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="109"/>
        <source>Printing a test slip…</source>
        <translation>正在列印測試單…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="114"/>
        <source>Test slip sent (%1 bytes). Check that it printed, Chinese characters included.</source>
        <translation>測試單已送出（%1 位元組）。請確認已印出，中文字也正確。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="130"/>
        <source>Receipt printer</source>
        <translation>收據印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="131"/>
        <source>Choose how this counter reaches its receipt printer and print a test slip. You can also set it up later.</source>
        <translation>選擇這台收銀機連接收據印表機的方式，並列印測試單。也可以稍後再設定。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="133"/>
        <source>No printer</source>
        <translation>不使用印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="134"/>
        <source>Network printer</source>
        <translation>網路印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="135"/>
        <location filename="../../desktop/firstrun/printer_page.py" line="138"/>
        <source>Device or file</source>
        <translation>裝置或檔案</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="136"/>
        <source>Address</source>
        <translation>位址</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="137"/>
        <source>Port</source>
        <translation>連接埠</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="139"/>
        <source>Paper width</source>
        <translation>紙寬</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="140"/>
        <source>Print test slip</source>
        <translation>列印測試單</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="199"/>
        <location filename="../../desktop/views/printer_settings.py" line="200"/>
        <source>Receipt printer</source>
        <translation>收據印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="201"/>
        <source>None (no slips)</source>
        <translation>無（不列印明細）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="201"/>
        <source>Network (LAN, port 9100)</source>
        <translation>網路（區域網路，埠 9100）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="202"/>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="202"/>
        <location filename="../../desktop/views/printer_settings.py" line="211"/>
        <source>Serial port</source>
        <translation>序列埠</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="202"/>
        <source>File or device</source>
        <translation>檔案或裝置</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="203"/>
        <source>Printer&apos;s Chinese mode: Big5 (Taiwan)</source>
        <translation>印表機中文模式：Big5（台灣）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="204"/>
        <source>Printer&apos;s Chinese mode: Big5-HKSCS (Hong Kong)</source>
        <translation>印表機中文模式：Big5-HKSCS（香港）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="205"/>
        <source>Printer&apos;s Chinese mode: GB18030</source>
        <translation>印表機中文模式：GB18030</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="206"/>
        <source>Print text as an image (any printer, slower)</source>
        <translation>文字以圖像列印（適用所有印表機，較慢）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="208"/>
        <source>58 mm</source>
        <translation>58 mm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="208"/>
        <source>80 mm</source>
        <translation>80 mm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="210"/>
        <source>Address</source>
        <translation>位址</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="210"/>
        <source>Port</source>
        <translation>埠</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="210"/>
        <source>Vendor ID (hex)</source>
        <translation>廠商 ID（十六進位）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="211"/>
        <source>Product ID (hex)</source>
        <translation>產品 ID（十六進位）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="211"/>
        <source>Speed (baud)</source>
        <translation>速率（baud）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="212"/>
        <source>File or device path</source>
        <translation>檔案或裝置路徑</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Printer</source>
        <translation>印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Paper</source>
        <translation>紙寬</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Chinese text</source>
        <translation>中文列印</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Model</source>
        <translation>機型</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Store address</source>
        <translation>門市地址</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Store phone</source>
        <translation>門市電話</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="221"/>
        <source>Slip footer</source>
        <translation>明細頁尾</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="223"/>
        <source>Print test slip</source>
        <translation>列印測試頁</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="224"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="225"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="226"/>
        <source>The slip as it will print</source>
        <translation>明細列印預覽</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="301"/>
        <source>Type the printer&apos;s address, e.g. 192.168.1.50.</source>
        <translation>請輸入印表機位址，例如 192.168.1.50。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="305"/>
        <source>The port is a number from 1 to 65535 (usually 9100).</source>
        <translation>埠號為 1 到 65535 的數字（通常為 9100）。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="314"/>
        <source>USB ids are 4 hex digits, e.g. 04b8 and 0e15.</source>
        <translation>USB ID 為 4 位十六進位數字，例如 04b8 與 0e15。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="321"/>
        <source>Type the port or device, e.g. /dev/ttyUSB0 or COM3.</source>
        <translation>請輸入連接埠或裝置，例如 /dev/ttyUSB0 或 COM3。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="347"/>
        <source>Choose a printer first.</source>
        <translation>請先選擇印表機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="350"/>
        <source>Printing the test slip…</source>
        <translation>正在列印測試頁…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="357"/>
        <source>The test slip printed. If its Chinese text and codes are clear, save.</source>
        <translation>測試頁已印出。若中文與條碼清楚，請儲存。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="360"/>
        <source>The test slip did not print: %1</source>
        <translation>測試頁未能印出：%1</translation>
    </message>
</context>
<context>
    <name>PrinterStatus</name>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="20"/>
        <source>no printer set up</source>
        <translation>未設定印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="21"/>
        <source>A manager can choose the printer with F10.</source>
        <translation>店長可按 F10 設定印表機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="23"/>
        <source>printer off or unplugged</source>
        <translation>印表機未開機或未接線</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="24"/>
        <source>Switch the printer on and check its cable.</source>
        <translation>請開啟印表機並檢查連接線。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="26"/>
        <source>printer not answering</source>
        <translation>印表機沒有回應</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="27"/>
        <source>Switch the printer off and on.</source>
        <translation>請將印表機關機再開機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="29"/>
        <source>printer stopped mid-slip</source>
        <translation>印表機列印中途停止</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="30"/>
        <source>Tear off the partial slip and check the printer.</source>
        <translation>請撕下未印完的明細並檢查印表機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="32"/>
        <source>out of paper</source>
        <translation>缺紙</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="33"/>
        <source>Load a new paper roll.</source>
        <translation>請換上新紙捲。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="34"/>
        <source>cover open</source>
        <translation>上蓋未關</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="35"/>
        <source>Close the printer&apos;s cover.</source>
        <translation>請關上印表機上蓋。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="36"/>
        <source>printer error (jam or cutter)</source>
        <translation>印表機故障（卡紙或裁刀）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="38"/>
        <source>Clear the jam, then switch the printer off and on.</source>
        <translation>請排除卡紙，再將印表機關機後開機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="40"/>
        <source>printer offline</source>
        <translation>印表機離線</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="41"/>
        <source>Check the printer.</source>
        <translation>請檢查印表機。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="45"/>
        <source>software error</source>
        <translation>軟體錯誤</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="46"/>
        <source>The error was logged; press F7 to try again.</source>
        <translation>錯誤已記錄；請按 F7 再試一次。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="48"/>
        <source>not printed before the counter closed</source>
        <translation>程式關閉前未印出</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="49"/>
        <source>Press F7 if the customer still needs it.</source>
        <translation>顧客仍需要時請按 F7 列印。</translation>
    </message>
</context>
<context>
    <name>PrinterStatusView</name>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="103"/>
        <source>%1 Printer</source>
        <translation>%1 印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="116"/>
        <source>No receipt printer</source>
        <translation>未設定收據印表機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="117"/>
        <source>Printer ready</source>
        <translation>印表機就緒</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="118"/>
        <source>Printing slip…</source>
        <translation>明細列印中…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="119"/>
        <source>Slip printed ✓</source>
        <translation>明細已印出 ✓</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="122"/>
        <source>Slip waiting — %1</source>
        <translation>明細待印 — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="123"/>
        <source>%2 slips waiting — %1</source>
        <translation>%2 張明細待印 — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="131"/>
        <source>%1 Print waiting slips</source>
        <translation>%1 列印待印明細</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="132"/>
        <source>%1 Reprint last slip</source>
        <translation>%1 補印上一張</translation>
    </message>
</context>
<context>
    <name>QuickSaleView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="113"/>
        <source>Sale without a member</source>
        <translation>非會員銷售</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="114"/>
        <source>Record the sale so the report shows members&apos; share of sales. No points are given.</source>
        <translation>記錄這筆銷售，報表才能計算會員消費占比。不會給點。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="116"/>
        <source>Sale amount</source>
        <translation>消費金額</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="117"/>
        <source>POS receipt no. (optional)</source>
        <translation>POS 發票／收據號碼（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="118"/>
        <source>Record sale</source>
        <translation>記錄銷售</translation>
    </message>
</context>
<context>
    <name>ReceiptsController</name>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="145"/>
        <source>Slip not printed — %1. %2</source>
        <translation>明細未印出 — %1。%2</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="147"/>
        <source>Slip not printed — %1. %2 It prints by itself when the printer is ready; %3 prints it now.</source>
        <translation>明細未印出 — %1。%2印表機就緒後會自動列印；按 %3 立即列印。</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="185"/>
        <source>No receipt printer is set up. A manager can choose one with %1.</source>
        <translation>尚未設定收據印表機。店長可按 %1 設定。</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="189"/>
        <source>Printing the waiting slips…</source>
        <translation>正在列印待印明細…</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="190"/>
        <source>Reprinting the last slip, marked COPY…</source>
        <translation>正在補印上一張明細（標示副本）…</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="191"/>
        <source>No slip has been printed yet.</source>
        <translation>尚未列印過明細。</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="201"/>
        <source>Printer settings are for managers.</source>
        <translation>印表機設定限店長使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="235"/>
        <source>printing is not available here</source>
        <translation>此處無法列印</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="270"/>
        <source>Printer settings saved.</source>
        <translation>印表機設定已儲存。</translation>
    </message>
</context>
<context>
    <name>RedeemView</name>
    <message>
        <location filename="../../desktop/views/redeem.py" line="52"/>
        <source>Redeem points</source>
        <translation>點數折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="53"/>
        <source>Points to redeem</source>
        <translation>折抵點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="54"/>
        <source>Sale amount (optional)</source>
        <translation>消費金額（選填）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="55"/>
        <source>Redeem</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="96"/>
        <source>Asking central to authorise… (Esc cancels)</source>
        <translation>正在向總部確認折抵…（按 Esc 取消）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="105"/>
        <source>Cancelling the redemption…</source>
        <translation>正在取消折抵…</translation>
    </message>
</context>
<context>
    <name>SaveDialog</name>
    <message>
        <location filename="../../desktop/views/files.py" line="38"/>
        <source>Look in:</source>
        <translation>查看：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="40"/>
        <source>File name:</source>
        <translation>檔名：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="42"/>
        <source>Files of type:</source>
        <translation>檔案類型：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="43"/>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="45"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ScannerSettingsBox</name>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="49"/>
        <source>Barcode scanner</source>
        <translation>條碼掃描器</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="50"/>
        <source>Prefix</source>
        <translation>前置字元</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="51"/>
        <source>Suffix</source>
        <translation>後置字元</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="52"/>
        <source>E-invoice seller tax ids (only these earn)</source>
        <translation>電子發票賣方統一編號（只有這些可積點）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="54"/>
        <source>Optional. Program the scanner (the prefix/suffix codes in its manual) to send one character before and/or after every code, and type it here (^B for Ctrl+B, STX; ^I for Tab). Then only codes carrying it count as scans, however fast someone types. Empty: scans are told apart by their speed.</source>
        <translation>選用。依掃描器說明書的前置／後置字元設定條碼，讓掃描器在每個條碼前及（或）後送出一個字元，並在此輸入（^B 代表 Ctrl+B，即 STX；^I 代表 Tab）。設定後只有帶此字元的條碼才算掃描，打字再快也不會誤判。留空：依輸入速度分辨掃描。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="71"/>
        <source>%1 is not a valid tax id (統一編號).</source>
        <translation>%1 不是有效的統一編號。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="86"/>
        <source>prefix</source>
        <translation>前置字元</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="86"/>
        <source>suffix</source>
        <translation>後置字元</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="90"/>
        <source>The scanner&apos;s %1 is one character, or ^ and a letter.</source>
        <translation>掃描器的%1只能是一個字元，或 ^ 加一個字母。</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop/views/search.py" line="49"/>
        <source>Phone, last 3–4 digits, member code or name — or scan the card</source>
        <translation>手機號碼、末三碼或末四碼、會員編號或姓名 — 或掃描會員卡</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="50"/>
        <source>Find</source>
        <translation>查詢</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/views/signin.py" line="113"/>
        <source>Set up this counter</source>
        <translation>設定這台收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="114"/>
        <location filename="../../desktop/views/signin.py" line="119"/>
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="116"/>
        <source>No manager exists yet. Create the store manager&apos;s account.</source>
        <translation>尚未建立店長。請建立店長帳號。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="117"/>
        <source>Pick your name and type your PIN.</source>
        <translation>請選擇您的名字並輸入密碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="118"/>
        <source>PIN</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="120"/>
        <source>Manager&apos;s name</source>
        <translation>店長姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="121"/>
        <source>PIN (4–8 digits)</source>
        <translation>密碼（4–8 位數字）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="122"/>
        <source>PIN again</source>
        <translation>再輸入一次密碼</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="123"/>
        <source>Create manager</source>
        <translation>建立店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="135"/>
        <source>Manager</source>
        <translation>店長</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="135"/>
        <source>Cashier</source>
        <translation>收銀員</translation>
    </message>
</context>
<context>
    <name>StorePage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="123"/>
        <source>Store</source>
        <translation>門市</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="124"/>
        <source>The store&apos;s name appears on screen and on receipts. The region sets the currency, the loyalty rules and the time zone.</source>
        <translation>門市名稱會顯示在畫面與收據上。地區決定幣別、會員規則與時區。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="127"/>
        <source>e.g. 好日子生活百貨 信義店</source>
        <translation>例如：好日子生活百貨 信義店</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="128"/>
        <source>Store name</source>
        <translation>門市名稱</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="129"/>
        <source>Till name</source>
        <translation>收銀機名稱</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="130"/>
        <source>optional, e.g. 收銀機 2 (shown on screen)</source>
        <translation>選填，例如「收銀機 2」（顯示在畫面上）</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="131"/>
        <source>Region</source>
        <translation>地區</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="132"/>
        <source>Currency</source>
        <translation>幣別</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="133"/>
        <source>Time zone</source>
        <translation>時區</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="134"/>
        <source>Taiwan</source>
        <translation>台灣</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="135"/>
        <source>Hong Kong</source>
        <translation>香港</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="201"/>
        <source>Ready</source>
        <translation>準備完成</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="202"/>
        <source>Check the settings. Finish saves them and opens the counter; Back changes them.</source>
        <translation>請確認設定。按「完成」儲存並開啟收銀畫面；按「上一步」修改。</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../desktop/sync_panel.py" line="44"/>
        <source>The sync problems list is for managers.</source>
        <translation>同步問題清單限店長查看。</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="76"/>
        <source>Could not save the file: %1</source>
        <translation>無法儲存檔案：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="80"/>
        <source>Unsent operations saved: %1, in %2</source>
        <translation>已儲存未送出的作業：%1 筆，檔案 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="85"/>
        <source>Export unsent operations</source>
        <translation>匯出未送出的作業</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="86"/>
        <source>Operations (*.jsonl)</source>
        <translation>作業檔 (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="101"/>
        <source>Sync problems</source>
        <translation>同步問題</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="103"/>
        <source>Central keeps every sale that happened. Operations it rejected stay here with its reason (nothing was lost: head office can correct them). An overdraft is a redemption central accepted beyond the member&apos;s points; it is recovered from later earnings.</source>
        <translation>總部保留每一筆已發生的交易。遭總部拒絕的作業會連同原因留在這裡（資料沒有遺失，總部可以更正）。超額折抵是總部接受、但超出會員點數的折抵，會從之後累積的點數扣回。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <source>Recorded</source>
        <translation>記錄時間</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>What</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Member</source>
        <translation>會員</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="131"/>
        <source>Points</source>
        <translation>點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="109"/>
        <source>Central&apos;s reason</source>
        <translation>總部說明</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>When</source>
        <translation>時間</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Redeemed</source>
        <translation>折抵</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Overdrawn by</source>
        <translation>超額點數</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="112"/>
        <source>Terminal</source>
        <translation>機台</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>Received</source>
        <translation>收到時間</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>From</source>
        <translation>來源</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>Why it was set aside</source>
        <translation>暫存原因</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="115"/>
        <source>Mark all as seen</source>
        <translation>全部標示為已讀</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="116"/>
        <source>Export unsent operations…</source>
        <translation>匯出未送出的作業…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="117"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="127"/>
        <source>Rejected by central: %1</source>
        <translation>遭總部拒絕：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="129"/>
        <source>Overdrafts recorded by central: %1</source>
        <translation>總部記錄的超額折抵：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="131"/>
        <source>Enrollment</source>
        <translation>入會</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="132"/>
        <source>Profile change</source>
        <translation>資料修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="143"/>
        <source>Set aside from central (not applied; call support): %1</source>
        <translation>總部資料暫存未套用（請聯絡客服）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="145"/>
        <source>Change %1</source>
        <translation>變更 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="145"/>
        <source>Member list part %1</source>
        <translation>會員清單第 %1 部分</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="158"/>
        <source>This store&apos;s receipt already earned points.</source>
        <translation>本店這張收據已累積過點數。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="159"/>
        <source>The entry names another terminal or store.</source>
        <translation>此筆紀錄標示的是其他機台或門市。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="160"/>
        <source>Central does not know this member.</source>
        <translation>總部查無此會員。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="161"/>
        <source>The member was erased at their request.</source>
        <translation>此會員已依本人要求刪除資料。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="162"/>
        <source>Another member holds this phone: head office reviews it.</source>
        <translation>此手機號碼屬於另一位會員：由總部審核。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="164"/>
        <source>Not a valid mobile number.</source>
        <translation>不是有效的手機號碼。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="165"/>
        <source>Central found the entry invalid.</source>
        <translation>總部認定此筆紀錄無效。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="166"/>
        <source>Central could not read the operation.</source>
        <translation>總部無法讀取此作業。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="167"/>
        <source>Central does not know this kind of operation.</source>
        <translation>總部不認得此類作業。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="175"/>
        <source>this terminal</source>
        <translation>本機台</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="176"/>
        <source>terminal …%1</source>
        <translation>機台 …%1</translation>
    </message>
</context>
<context>
    <name>TerminalPage</name>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="117"/>
        <source>Registering with central…</source>
        <translation>正在向總部註冊…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="144"/>
        <source>This terminal</source>
        <translation>這台收銀機</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="145"/>
        <source>Register it with your chain&apos;s central service to share members with every store, or run it on its own.</source>
        <translation>向連鎖總部系統註冊，與各門市共用會員資料；或單機使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="147"/>
        <source>Register with central (enrollment code from head office)</source>
        <translation>向總部註冊（使用總部提供的註冊碼）</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="149"/>
        <source>Standalone: this counter only, register later</source>
        <translation>單機使用：只用這台收銀機，稍後再註冊</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="151"/>
        <source>Central&apos;s address</source>
        <translation>總部系統網址</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="153"/>
        <source>Enrollment code</source>
        <translation>註冊碼</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="155"/>
        <source>Member-code block</source>
        <translation>會員編號區段</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="156"/>
        <source>New members get codes from this block. Give each standalone counter of the chain its own number.</source>
        <translation>新會員的編號從這個區段產生。連鎖內每台單機收銀機請使用不同的數字。</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="159"/>
        <source>Registered as terminal %1 of store %2.</source>
        <translation>已註冊為門市 %2 的收銀機 %1。</translation>
    </message>
</context>
<context>
    <name>Upkeep</name>
    <message>
        <location filename="../../desktop/backups.py" line="129"/>
        <source>The daily backup failed (%1). The counter keeps working; tell the IT person.</source>
        <translation>每日備份失敗（%1）。收銀機仍可繼續使用；請通知資訊人員。</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="157"/>
        <source>Updating the counter&apos;s data for this version of Regulars…
This can take a few minutes. Do not switch the computer off.</source>
        <translation>正在為新版 Regulars 更新收銀機資料…
可能需要幾分鐘，請勿關機。</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="202"/>
        <source>This version of Regulars could not upgrade the counter&apos;s data. Nothing was changed: the data is as it was, and a backup was kept in %1.</source>
        <translation>這個版本的 Regulars 無法升級收銀機的資料。沒有任何變更：資料維持原樣，並已在 %1 保留備份。</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="209"/>
        <source>The counter&apos;s data at %1 cannot be opened (the disk may be full, or the file damaged).</source>
        <translation>無法開啟位於 %1 的收銀資料（磁碟可能已滿，或檔案已損壞）。</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="213"/>
        <source>Regulars cannot start</source>
        <translation>Regulars 無法啟動</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="216"/>
        <source>Reinstall the previous version or restore a backup to keep selling, and call support.</source>
        <translation>請重新安裝前一版或還原備份以繼續營業，並聯絡客服。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="220"/>
        <source>Regulars is already open on this computer. Use the window that is open (look for it on the taskbar).</source>
        <translation>Regulars 已在這台電腦上開啟。請使用已開啟的視窗（可在工作列上找到）。</translation>
    </message>
</context>
<context>
    <name>VoidView</name>
    <message>
        <location filename="../../desktop/views/void.py" line="51"/>
        <source>Void a transaction</source>
        <translation>作廢交易</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="52"/>
        <source>Transaction (↑↓ to choose)</source>
        <translation>交易（按 ↑↓ 選擇）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="53"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="54"/>
        <source>Void</source>
        <translation>作廢</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="74"/>
        <source>A manager must approve a void.</source>
        <translation>作廢需要店長核准。</translation>
    </message>
</context>
</TS>
