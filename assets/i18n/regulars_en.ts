<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionFlows</name>
    <message>
        <location filename="../../desktop/flows.py" line="96" />
        <source>Earns +%1 points</source>
        <translation>Earns +%1 points</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="98" />
        <source>(birthday month bonus)</source>
        <translation>(birthday month bonus)</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="109" />
        <source>Awarded +%1 points for %2. Balance %3.</source>
        <translation>Awarded +%1 points for %2. Balance %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="123" />
        <source>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</source>
        <translation>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="129" />
        <source>Offline: up to %1 points without a manager.</source>
        <translation>Offline: up to %1 points without a manager.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="143" />
        <source>%1 points = %2 off</source>
        <translation>%1 points = %2 off</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="158" />
        <source>A manager must approve: enter their PIN.</source>
        <translation>A manager must approve: enter their PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="163" />
        <source>Redeemed %1 points = %2 off. Balance %3.</source>
        <translation>Redeemed %1 points = %2 off. Balance %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="183" />
        <source>Welcome, %1! Member code %2.</source>
        <translation>Welcome, %1! Member code %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="200" />
        <source>A manager must approve a void.</source>
        <translation>A manager must approve a void.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="207" />
        <source>Voided: %1 points reversed. Balance %2.</source>
        <translation>Voided: %1 points reversed. Balance %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="219" />
        <source>Sale of %1 recorded without a member.</source>
        <translation>Sale of %1 recorded without a member.</translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../desktop/views/common.py" line="108" />
        <source>Manager approval</source>
        <translation>Manager approval</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="109" />
        <source>Approved by</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="110" />
        <source>Manager PIN</source>
        <translation>Manager PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="115" />
        <source>manager</source>
        <translation>manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="115" />
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
</context>
<context>
    <name>AwardView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="41" />
        <source>Award points</source>
        <translation>Award points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="42" />
        <source>Sale amount</source>
        <translation>Sale amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="43" />
        <source>POS receipt no. (optional)</source>
        <translation>POS receipt no. (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="44" />
        <source>Award</source>
        <translation>Award</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../desktop/controller.py" line="129" />
        <source>Sign in first, then scan.</source>
        <translation>Sign in first, then scan.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="152" />
        <source>No member found for “%1”.</source>
        <translation>No member found for “%1”.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="154" />
        <source>Press F4 to enroll this phone.</source>
        <translation>Press F4 to enroll this phone.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="160" />
        <source>%1 members match — press ↓ and Enter to choose.</source>
        <translation>%1 members match — press ↓ and Enter to choose.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="197" />
        <source>The report is for managers.</source>
        <translation>The report is for managers.</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="138" />
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="140" />
        <source>● Offline — not connected to central (standalone)</source>
        <translation>● Offline — not connected to central (standalone)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="143" />
        <source>● Offline — central unreachable</source>
        <translation>● Offline — central unreachable</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="145" />
        <source>Waiting to sync: %1</source>
        <translation>Waiting to sync: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="146" />
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="147" />
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
<context>
    <name>EnrollView</name>
    <message>
        <location filename="../../desktop/views/enroll.py" line="61" />
        <source>New member</source>
        <translation>New member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="62" />
        <source>Mobile phone</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="62" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="63" />
        <source>Birthday (MM/DD, optional)</source>
        <translation>Birthday (MM/DD, optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="63" />
        <source>Marketing messages</source>
        <translation>Marketing messages</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="64" />
        <source>Referral code (optional)</source>
        <translation>Referral code (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="67" />
        <source>&amp;Yes, agrees</source>
        <translation>&amp;Yes, agrees</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="68" />
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="69" />
        <source>Ask the customer; the choice and its time are recorded.</source>
        <translation>Ask the customer; the choice and its time are recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="71" />
        <source>Enroll</source>
        <translation>Enroll</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../desktop/views/common.py" line="181" />
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="182" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../desktop/formatting.py" line="24" />
        <source>%1 points</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="52" />
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="53" />
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="54" />
        <source>Sleeping</source>
        <translation>Sleeping</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="55" />
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="58" />
        <source>No purchase yet</source>
        <translation>No purchase yet</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="64" />
        <source>Earn</source>
        <translation>Earn</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="65" />
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="66" />
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="67" />
        <source>Adjust</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="68" />
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="69" />
        <source>Void</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>FunctionKeyBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="89" />
        <source>Award</source>
        <translation>Award</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="89" />
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="90" />
        <source>New member</source>
        <translation>New member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="90" />
        <source>No member</source>
        <translation>No member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="91" />
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="91" />
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="92" />
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="46" />
        <source>%1 · terminal %2</source>
        <translation>%1 · terminal %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="60" />
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="60" />
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="139" />
        <source>Regulars — member counter</source>
        <translation>Regulars — member counter</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../desktop/membercard.py" line="137" />
        <source>Save PNG…</source>
        <translation>Save PNG…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="138" />
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="139" />
        <source>Print card slip</source>
        <translation>Print card slip</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="151" />
        <source>Member card</source>
        <translation>Member card</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="155" />
        <source>Save member card</source>
        <translation>Save member card</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="166" />
        <source>Could not save the card: %1</source>
        <translation>Could not save the card: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="169" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="176" />
        <source>The card slip is printing.</source>
        <translation>The card slip is printing.</translation>
    </message>
</context>
<context>
    <name>MemberPanelView</name>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="132" />
        <source>Find a member: type a phone number, its last digits, a name, or scan the member card.</source>
        <translation>Find a member: type a phone number, its last digits, a name, or scan the member card.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="135" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="136" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="136" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="137" />
        <source>points</source>
        <translation>points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="155" />
        <source>Birthday month</source>
        <translation>Birthday month</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="158" />
        <source>Under review</source>
        <translation>Under review</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="161" />
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="163" />
        <source>Code %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="164" />
        <source>Last visit %1</source>
        <translation>Last visit %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="166" />
        <source>Confirmed %1 + pending here %2</source>
        <translation>Confirmed %1 + pending here %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="175" />
        <source>%1 points expire on %2</source>
        <translation>%1 points expire on %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="180" />
        <source>No points expire in the next 30 days</source>
        <translation>No points expire in the next 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="188" />
        <source>Top tier</source>
        <translation>Top tier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="195" />
        <source>Spend %1 more to reach %2</source>
        <translation>Spend %1 more to reach %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="204" />
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="205" />
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="205" />
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/messages.py" line="30" />
        <source>Type a phone number, its last digits, a member code or a name.</source>
        <translation>Type a phone number, its last digits, a member code or a name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="31" />
        <source>A member code has 10 digits and does not start with 0.</source>
        <translation>A member code has 10 digits and does not start with 0.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="32" />
        <source>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</source>
        <translation>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="33" />
        <source>Enter a phone number.</source>
        <translation>Enter a phone number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="34" />
        <source>A phone number has only digits, spaces, dashes and a leading +.</source>
        <translation>A phone number has only digits, spaces, dashes and a leading +.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="35" />
        <source>That is not a phone number.</source>
        <translation>That is not a phone number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="36" />
        <source>That phone number is not valid: check the number of digits.</source>
        <translation>That phone number is not valid: check the number of digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="37" />
        <source>That is not a mobile number; members join with a mobile.</source>
        <translation>That is not a mobile number; members join with a mobile.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="38" />
        <source>Enter the sale amount.</source>
        <translation>Enter the sale amount.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="39" />
        <source>That is not an amount.</source>
        <translation>That is not an amount.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="40" />
        <source>The amount cannot be negative.</source>
        <translation>The amount cannot be negative.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="41" />
        <source>The amount must be more than zero.</source>
        <translation>The amount must be more than zero.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="42" />
        <source>Too many decimals for this currency.</source>
        <translation>Too many decimals for this currency.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="43" />
        <source>That amount is too large for one sale.</source>
        <translation>That amount is too large for one sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="44" />
        <source>That receipt number is not valid.</source>
        <translation>That receipt number is not valid.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="45" />
        <source>Receipt %1 already earned points.</source>
        <translation>Receipt %1 already earned points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="46" />
        <source>Enter the points to redeem.</source>
        <translation>Enter the points to redeem.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="47" />
        <source>Type the points as a whole number.</source>
        <translation>Type the points as a whole number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="48" />
        <source>Points are redeemed in steps of %1.</source>
        <translation>Points are redeemed in steps of %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="49" />
        <source>The minimum redemption is %1 points.</source>
        <translation>The minimum redemption is %1 points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="50" />
        <source>The member has only %1 points.</source>
        <translation>The member has only %1 points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="51" />
        <source>At most %1 points per sale.</source>
        <translation>At most %1 points per sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="52" />
        <source>Points can pay at most %1% of this sale.</source>
        <translation>Points can pay at most %1% of this sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="53" />
        <source>Redeeming over %1 points needs a manager's approval.</source>
        <translation>Redeeming over %1 points needs a manager's approval.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="54" />
        <source>The chain does not allow redeeming offline.</source>
        <translation>The chain does not allow redeeming offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="55" />
        <source>More points than may be redeemed in one sale offline.</source>
        <translation>More points than may be redeemed in one sale offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="56" />
        <source>This member already redeemed offline here as often as allowed.</source>
        <translation>This member already redeemed offline here as often as allowed.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="57" />
        <source>Too long since the last sync to redeem offline.</source>
        <translation>Too long since the last sync to redeem offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="58" />
        <source>This terminal's offline redemption budget is used up.</source>
        <translation>This terminal's offline redemption budget is used up.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="59" />
        <source>A manager may approve it.</source>
        <translation>A manager may approve it.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="60" />
        <source>Only a manager can approve this.</source>
        <translation>Only a manager can approve this.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="61" />
        <source>Unknown cashier.</source>
        <translation>Unknown cashier.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="62" />
        <source>Too many wrong PINs. Try again in %1 min.</source>
        <translation>Too many wrong PINs. Try again in %1 min.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="63" />
        <source>Wrong PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="64" />
        <source>A PIN is 4 to 8 digits.</source>
        <translation>A PIN is 4 to 8 digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="65" />
        <source>The two PINs differ.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="66" />
        <source>Enter the cashier's name.</source>
        <translation>Enter the cashier's name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="67" />
        <source>A cashier with that name already exists.</source>
        <translation>A cashier with that name already exists.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="68" />
        <source>This store already has a manager.</source>
        <translation>This store already has a manager.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="69" />
        <source>Enter the member's name.</source>
        <translation>Enter the member's name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="70" />
        <source>A name has at most %1 characters.</source>
        <translation>A name has at most %1 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="71" />
        <source>That birthday is not a date.</source>
        <translation>That birthday is not a date.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="72" />
        <source>That birth year is not plausible.</source>
        <translation>That birth year is not plausible.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="73" />
        <source>Type the birthday as MM/DD or YYYY/MM/DD.</source>
        <translation>Type the birthday as MM/DD or YYYY/MM/DD.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="74" />
        <source>Ask the customer: may we send marketing messages? Choose yes or no.</source>
        <translation>Ask the customer: may we send marketing messages? Choose yes or no.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="75" />
        <source>%1 is already a member: showing them instead.</source>
        <translation>%1 is already a member: showing them instead.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="76" />
        <source>No such member or transaction.</source>
        <translation>No such member or transaction.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="77" />
        <source>Give a reason for the void.</source>
        <translation>Give a reason for the void.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="78" />
        <source>That entry cannot be voided.</source>
        <translation>That entry cannot be voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="79" />
        <source>That transaction was already voided.</source>
        <translation>That transaction was already voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="80" />
        <source>Pick a transaction in the member's history first.</source>
        <translation>Pick a transaction in the member's history first.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="81" />
        <source>Find the member first.</source>
        <translation>Find the member first.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="82" />
        <source>A manager must enter their PIN to approve.</source>
        <translation>A manager must enter their PIN to approve.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="83" />
        <source>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</source>
        <translation>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="84" />
        <source>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</source>
        <translation>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</translation>
    </message>
</context>
<context>
    <name>QuickSaleView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="87" />
        <source>Sale without a member</source>
        <translation>Sale without a member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="88" />
        <source>Record the sale so the report shows members' share of sales. No points are given.</source>
        <translation>Record the sale so the report shows members' share of sales. No points are given.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="90" />
        <source>Sale amount</source>
        <translation>Sale amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="91" />
        <source>POS receipt no. (optional)</source>
        <translation>POS receipt no. (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="92" />
        <source>Record sale</source>
        <translation>Record sale</translation>
    </message>
</context>
<context>
    <name>RedeemView</name>
    <message>
        <location filename="../../desktop/views/redeem.py" line="51" />
        <source>Redeem points</source>
        <translation>Redeem points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="52" />
        <source>Points to redeem</source>
        <translation>Points to redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="53" />
        <source>Sale amount (optional)</source>
        <translation>Sale amount (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="54" />
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop/views/search.py" line="45" />
        <source>Phone, last 3–4 digits, member code or name — or scan the card</source>
        <translation>Phone, last 3–4 digits, member code or name — or scan the card</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="46" />
        <source>Find</source>
        <translation>Find</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/views/signin.py" line="111" />
        <source>Set up this counter</source>
        <translation>Set up this counter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="112" />
        <location filename="../../desktop/views/signin.py" line="117" />
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="114" />
        <source>No manager exists yet. Create the store manager's account.</source>
        <translation>No manager exists yet. Create the store manager's account.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="115" />
        <source>Pick your name and type your PIN.</source>
        <translation>Pick your name and type your PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="116" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="118" />
        <source>Manager's name</source>
        <translation>Manager's name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="119" />
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="120" />
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="121" />
        <source>Create manager</source>
        <translation>Create manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="133" />
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="133" />
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>VoidView</name>
    <message>
        <location filename="../../desktop/views/void.py" line="50" />
        <source>Void a transaction</source>
        <translation>Void a transaction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="51" />
        <source>Transaction (↑↓ to choose)</source>
        <translation>Transaction (↑↓ to choose)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="52" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="53" />
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="75" />
        <source>A manager must approve a void.</source>
        <translation>A manager must approve a void.</translation>
    </message>
</context>
</TS>
