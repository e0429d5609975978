<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionFlows</name>
    <message>
        <location filename="../../desktop/flows.py" line="120"/>
        <source>Earns +%1 points</source>
        <translation>Earns +%1 points</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="122"/>
        <source>(birthday month bonus)</source>
        <translation>(birthday month bonus)</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="133"/>
        <source>E-invoice %1 of %2, total %3: Enter awards.</source>
        <translation>E-invoice %1 of %2, total %3: Enter awards.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="155"/>
        <source>Awarded +%1 points for %2. Balance %3.</source>
        <translation>Awarded +%1 points for %2. Balance %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="166"/>
        <source>POS sale: awarded +%1 points for %2. Balance %3.</source>
        <translation>POS sale: awarded +%1 points for %2. Balance %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="179"/>
        <source>this till</source>
        <translation>this till</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="180"/>
        <source>this store, till %1</source>
        <translation>this store, till %1</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="182"/>
        <source>store %1, till %2</source>
        <translation>store %1, till %2</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="184"/>
        <source>Invoice %1 already earned points on %2 at %3.</source>
        <translation>Invoice %1 already earned points on %2 at %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="193"/>
        <source>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</source>
        <translation>Balance %1 · minimum %2 · up to %3 per sale, in steps of %4</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="199"/>
        <source>Offline: up to %1 points without a manager.</source>
        <translation>Offline: up to %1 points without a manager.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="213"/>
        <source>%1 points = %2 off</source>
        <translation>%1 points = %2 off</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="236"/>
        <source>A manager must approve: enter their PIN.</source>
        <translation>A manager must approve: enter their PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="242"/>
        <source>Redeemed %1 points = %2 off. Balance %3.</source>
        <translation>Redeemed %1 points = %2 off. Balance %3.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="263"/>
        <source>Recorded after the stop: %1 redemption(s) central had approved (%2 points). Slips are printing; void one if the customer did not get the discount.</source>
        <translation>Recorded after the stop: %1 redemption(s) central had approved (%2 points). Slips are printing; void one if the customer did not get the discount.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="287"/>
        <source>Carrier barcode %1 linked to %2: scanning it finds them.</source>
        <translation>Carrier barcode %1 linked to %2: scanning it finds them.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="303"/>
        <source>Welcome, %1! Member code %2.</source>
        <translation>Welcome, %1! Member code %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="320"/>
        <source>A manager must approve a void.</source>
        <translation>A manager must approve a void.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="327"/>
        <source>Voided: %1 points reversed. Balance %2.</source>
        <translation>Voided: %1 points reversed. Balance %2.</translation>
    </message>
    <message>
        <location filename="../../desktop/flows.py" line="339"/>
        <source>Sale of %1 recorded without a member.</source>
        <translation>Sale of %1 recorded without a member.</translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../desktop/views/common.py" line="172"/>
        <source>Manager approval</source>
        <translation>Manager approval</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="173"/>
        <source>Approved by</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="174"/>
        <source>Manager PIN</source>
        <translation>Manager PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="179"/>
        <source>manager</source>
        <translation>manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="179"/>
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
</context>
<context>
    <name>AwardView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="49"/>
        <source>Award points</source>
        <translation>Award points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="50"/>
        <source>Sale amount</source>
        <translation>Sale amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="51"/>
        <source>POS receipt no. (optional)</source>
        <translation>POS receipt no. (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="52"/>
        <source>Award</source>
        <translation>Award</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../desktop/camera/dock.py" line="47"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="48"/>
        <source>No camera</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="49"/>
        <source>Camera is off</source>
        <translation>Camera is off</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/dock.py" line="52"/>
        <source>Show or hide the camera and its picker</source>
        <translation>Show or hide the camera and its picker</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="57"/>
        <source>Camera used to scan member codes</source>
        <translation>Camera used to scan member codes</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="71"/>
        <source>Camera off</source>
        <translation>Camera off</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="87"/>
        <source>Hold the member&apos;s code up to the camera.</source>
        <translation>Hold the member&apos;s code up to the camera.</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="88"/>
        <source>Camera off. Scan with the USB scanner or type the code.</source>
        <translation>Camera off. Scan with the USB scanner or type the code.</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="90"/>
        <source>No camera found. Scan with the USB scanner or type the member code or phone.</source>
        <translation>No camera found. Scan with the USB scanner or type the member code or phone.</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="92"/>
        <source>The camera stopped: %1. Scan with the USB scanner or type the code.</source>
        <translation>The camera stopped: %1. Scan with the USB scanner or type the code.</translation>
    </message>
    <message>
        <location filename="../../desktop/camera/view.py" line="104"/>
        <source>Read %1 ✓</source>
        <translation>Read %1 ✓</translation>
    </message>
</context>
<context>
    <name>CarrierView</name>
    <message>
        <location filename="../../desktop/views/carrier.py" line="34"/>
        <source>Link a carrier barcode</source>
        <translation>Link a carrier barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="36"/>
        <source>Link mobile-carrier barcode %1 to %2, so scanning it finds them? Ask the customer first; the store keeps it only in a form that cannot be read back.</source>
        <translation>Link mobile-carrier barcode %1 to %2, so scanning it finds them? Ask the customer first; the store keeps it only in a form that cannot be read back.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="39"/>
        <source>The customer agrees</source>
        <translation>The customer agrees</translation>
    </message>
    <message>
        <location filename="../../desktop/views/carrier.py" line="40"/>
        <source>Link</source>
        <translation>Link</translation>
    </message>
</context>
<context>
    <name>CounterController</name>
    <message>
        <location filename="../../desktop/controller.py" line="152"/>
        <source>Sign in first, then scan.</source>
        <translation>Sign in first, then scan.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="208"/>
        <source>No member found for “%1”.</source>
        <translation>No member found for “%1”.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="210"/>
        <source>Press F4 to enroll this phone.</source>
        <translation>Press F4 to enroll this phone.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="216"/>
        <source>%1 members match — press ↓ and Enter to choose.</source>
        <translation>%1 members match — press ↓ and Enter to choose.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="228"/>
        <source>No member has linked carrier barcode %1. Find the member, then scan it again to link it.</source>
        <translation>No member has linked carrier barcode %1. Find the member, then scan it again to link it.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="279"/>
        <source>The report is for managers.</source>
        <translation>The report is for managers.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="312"/>
        <source>The waiting sale was cancelled.</source>
        <translation>The waiting sale was cancelled.</translation>
    </message>
    <message>
        <location filename="../../desktop/controller.py" line="168"/>
        <source>%1 is already on screen.</source>
        <translation>%1 is already on screen.</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="175"/>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="177"/>
        <source>● Offline — not connected to central (standalone)</source>
        <translation>● Offline — not connected to central (standalone)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="180"/>
        <source>● Not connected — central&apos;s certificate or address refused</source>
        <translation>● Not connected — central&apos;s certificate or address refused</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="183"/>
        <source>● Offline — central unreachable</source>
        <translation>● Offline — central unreachable</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="186"/>
        <source>Waiting to sync: %1</source>
        <translation>Waiting to sync: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="189"/>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="190"/>
        <source>Last sync: %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="192"/>
        <source>Loading members from central: %1 of %2</source>
        <translation>Loading members from central: %1 of %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="201"/>
        <source>⚠ Nothing sent for 15 minutes while online: call support</source>
        <translation>⚠ Nothing sent for 15 minutes while online: call support</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="210"/>
        <source>%1 rejected</source>
        <translation>%1 rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="212"/>
        <source>%1 overdrawn</source>
        <translation>%1 overdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="215"/>
        <source>%1 set aside</source>
        <translation>%1 set aside</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="217"/>
        <source>Sync details</source>
        <translation>Sync details</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="225"/>
        <source>Central cannot be reached; sales continue offline.</source>
        <translation>Central cannot be reached; sales continue offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="226"/>
        <source>Central refused this terminal: a manager must register it again.</source>
        <translation>Central refused this terminal: a manager must register it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="228"/>
        <source>Not registered with central.</source>
        <translation>Not registered with central.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="229"/>
        <source>The member list from central arrived damaged; it is fetched again.</source>
        <translation>The member list from central arrived damaged; it is fetched again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="231"/>
        <source>Central&apos;s certificate is not trusted or not the pinned one: nothing is sent; sales continue offline. Call head office.</source>
        <translation>Central&apos;s certificate is not trusted or not the pinned one: nothing is sent; sales continue offline. Call head office.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="234"/>
        <source>Central&apos;s address is not https://: nothing is sent; sales continue offline. Call head office.</source>
        <translation>Central&apos;s address is not https://: nothing is sent; sales continue offline. Call head office.</translation>
    </message>
</context>
<context>
    <name>EnrollView</name>
    <message>
        <location filename="../../desktop/views/enroll.py" line="82"/>
        <source>New member</source>
        <translation>New member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="83"/>
        <source>Mobile phone</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="83"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="84"/>
        <source>Birthday (MM/DD, optional)</source>
        <translation>Birthday (MM/DD, optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="84"/>
        <source>Marketing messages</source>
        <translation>Marketing messages</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="85"/>
        <source>Referral code (optional)</source>
        <translation>Referral code (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="88"/>
        <source>&amp;Yes, agrees</source>
        <translation>&amp;Yes, agrees</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="89"/>
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="90"/>
        <source>Ask the customer; the choice and its time are recorded.</source>
        <translation>Ask the customer; the choice and its time are recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="92"/>
        <source>Enroll</source>
        <translation>Enroll</translation>
    </message>
    <message>
        <location filename="../../desktop/views/enroll.py" line="99"/>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 characters</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="17"/>
        <source>Type the store&apos;s name, as customers know it.</source>
        <translation>Type the store&apos;s name, as customers know it.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="18"/>
        <source>A store name has at most 40 characters.</source>
        <translation>A store name has at most 40 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="19"/>
        <source>A store name cannot hold line breaks or other control characters.</source>
        <translation>A store name cannot hold line breaks or other control characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="20"/>
        <source>A till name has at most 20 characters.</source>
        <translation>A till name has at most 20 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="21"/>
        <source>A till name cannot hold line breaks or other control characters.</source>
        <translation>A till name cannot hold line breaks or other control characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="22"/>
        <source>Choose Taiwan or Hong Kong.</source>
        <translation>Choose Taiwan or Hong Kong.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="23"/>
        <source>Choose a time zone from the list.</source>
        <translation>Choose a time zone from the list.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="24"/>
        <source>Type the manager&apos;s name.</source>
        <translation>Type the manager&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="25"/>
        <source>A name has at most 40 characters.</source>
        <translation>A name has at most 40 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="26"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>A PIN is 4 to 8 digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="27"/>
        <source>The two PINs differ. Type the PIN twice again.</source>
        <translation>The two PINs differ. Type the PIN twice again.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="28"/>
        <source>A cashier with that name already exists.</source>
        <translation>A cashier with that name already exists.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="29"/>
        <source>Type central&apos;s address, like https://central.example.com.</source>
        <translation>Type central&apos;s address, like https://central.example.com.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="30"/>
        <source>Central&apos;s address must start with https://: plain http:// would send this terminal&apos;s credential and members&apos; phones unencrypted (it is allowed only to this computer).</source>
        <translation>Central&apos;s address must start with https://: plain http:// would send this terminal&apos;s credential and members&apos; phones unencrypted (it is allowed only to this computer).</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="31"/>
        <source>Type the enrollment code head office gave you.</source>
        <translation>Type the enrollment code head office gave you.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="32"/>
        <source>An enrollment code has only letters and digits, like ABCD-EFGH-JKLM-NPQR.</source>
        <translation>An enrollment code has only letters and digits, like ABCD-EFGH-JKLM-NPQR.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="33"/>
        <source>Central refused this enrollment code: it is mistyped, already used or expired. Check it, or ask head office for a new one.</source>
        <translation>Central refused this enrollment code: it is mistyped, already used or expired. Check it, or ask head office for a new one.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="34"/>
        <source>Central cannot be reached at this address. Check the address and the network cable and try again — or choose Standalone to start selling now and register later.</source>
        <translation>Central cannot be reached at this address. Check the address and the network cable and try again — or choose Standalone to start selling now and register later.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="35"/>
        <source>Central&apos;s certificate is not trusted here (expired, for another address, or from an unknown authority). Nothing was sent. Check the address, or ask head office for the chain&apos;s CA file.</source>
        <translation>Central&apos;s certificate is not trusted here (expired, for another address, or from an unknown authority). Nothing was sent. Check the address, or ask head office for the chain&apos;s CA file.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="36"/>
        <source>Central&apos;s certificate is not the one pinned in this terminal&apos;s settings: the connection may be intercepted, or the certificate was replaced. Nothing was sent; ask head office.</source>
        <translation>Central&apos;s certificate is not the one pinned in this terminal&apos;s settings: the connection may be intercepted, or the certificate was replaced. Nothing was sent; ask head office.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="37"/>
        <source>That address answers, but not like a Regulars central. Check the address.</source>
        <translation>That address answers, but not like a Regulars central. Check the address.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="38"/>
        <source>This terminal still has operations waiting to be sent to central; it cannot register again now.</source>
        <translation>This terminal still has operations waiting to be sent to central; it cannot register again now.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="39"/>
        <source>Registration failed unexpectedly. Nothing was saved; try again, and call support if it repeats.</source>
        <translation>Registration failed unexpectedly. Nothing was saved; try again, and call support if it repeats.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="40"/>
        <source>A member-code block is a number from 1 to 999.</source>
        <translation>A member-code block is a number from 1 to 999.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="41"/>
        <source>Type the printer&apos;s network address (for example 192.168.1.50).</source>
        <translation>Type the printer&apos;s network address (for example 192.168.1.50).</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="42"/>
        <source>A port is a number from 1 to 65535.</source>
        <translation>A port is a number from 1 to 65535.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="43"/>
        <source>Type the printer&apos;s device or file path.</source>
        <translation>Type the printer&apos;s device or file path.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="44"/>
        <source>Register with central or choose Standalone first.</source>
        <translation>Register with central or choose Standalone first.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="45"/>
        <source>Making the manager at central…</source>
        <translation>Making the manager at central…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="46"/>
        <source>Central could not make the manager (it cannot be reached, or refused). Nothing was saved; check the network and press Finish again.</source>
        <translation>Central could not make the manager (it cannot be reached, or refused). Nothing was saved; check the network and press Finish again.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="47"/>
        <source>Head office already set up this store&apos;s staff. Go back and type the name and PIN of one of its managers.</source>
        <translation>Head office already set up this store&apos;s staff. Go back and type the name and PIN of one of its managers.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="48"/>
        <source>The settings could not be saved. Nothing was written; try again, and call support if it repeats.</source>
        <translation>The settings could not be saved. Nothing was written; try again, and call support if it repeats.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="52"/>
        <source>The printer cannot be reached. Check its address, that it is switched on and its cable is plugged in.</source>
        <translation>The printer cannot be reached. Check its address, that it is switched on and its cable is plugged in.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="53"/>
        <source>The printer does not answer. Switch it off and on and try again.</source>
        <translation>The printer does not answer. Switch it off and on and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="54"/>
        <source>The printer stopped in the middle of the slip. Check it and try again.</source>
        <translation>The printer stopped in the middle of the slip. Check it and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="55"/>
        <source>The printer is out of paper. Load a roll and try again.</source>
        <translation>The printer is out of paper. Load a roll and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/texts.py" line="56"/>
        <source>The printer&apos;s cover is open. Close it and try again.</source>
        <translation>The printer&apos;s cover is open. Close it and try again.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="131"/>
        <source>registered with central as %1 (store %2)</source>
        <translation>registered with central as %1 (store %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="134"/>
        <source>standalone, member-code block %1</source>
        <translation>standalone, member-code block %1</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="137"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="141"/>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="142"/>
        <source>Store</source>
        <translation>Store</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="143"/>
        <source>Till name</source>
        <translation>Till name</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="143"/>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="144"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="145"/>
        <source>Currency</source>
        <translation>Currency</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="146"/>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="147"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="148"/>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="149"/>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="156"/>
        <source>Regulars — set up this counter</source>
        <translation>Regulars — set up this counter</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="157"/>
        <source>&lt; Back</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="158"/>
        <source>Next &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="159"/>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/wizard.py" line="160"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../desktop/views/common.py" line="247"/>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/common.py" line="248"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../desktop/formatting.py" line="24"/>
        <source>%1 points</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="52"/>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="53"/>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="54"/>
        <source>Sleeping</source>
        <translation>Sleeping</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="55"/>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="58"/>
        <source>No purchase yet</source>
        <translation>No purchase yet</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="64"/>
        <source>Earn</source>
        <translation>Earn</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="65"/>
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="66"/>
        <source>Bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="67"/>
        <source>Adjust</source>
        <translation>Adjust</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="68"/>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../desktop/formatting.py" line="69"/>
        <source>Void</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>FunctionKeyBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="108"/>
        <source>Award</source>
        <translation>Award</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="108"/>
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="109"/>
        <source>New member</source>
        <translation>New member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="109"/>
        <source>No member</source>
        <translation>No member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="110"/>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="110"/>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="111"/>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../desktop/views/chrome.py" line="62"/>
        <source>Till %1</source>
        <translation>Till %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="66"/>
        <source>Terminal id: %1</source>
        <translation>Terminal id: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="79"/>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/chrome.py" line="79"/>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>IncomingSales</name>
    <message>
        <location filename="../../desktop/incoming.py" line="99"/>
        <source>Scan the member&apos;s card or type their phone. Esc cancels it.</source>
        <translation>Scan the member&apos;s card or type their phone. Esc cancels it.</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="102"/>
        <source>E-invoice %1 (%2) waits for its member.</source>
        <translation>E-invoice %1 (%2) waits for its member.</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="106"/>
        <source>POS sale %1 waits for its member.</source>
        <translation>POS sale %1 waits for its member.</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="109"/>
        <source>Receipt %1.</source>
        <translation>Receipt %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/incoming.py" line="111"/>
        <source>%1 items.</source>
        <translation>%1 items.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="61"/>
        <source>Welcome to Regulars</source>
        <translation>Welcome to Regulars</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="62"/>
        <source>This counter is not set up yet. Choose the language for set-up and for the counter (it can be changed later).</source>
        <translation>This counter is not set up yet. Choose the language for set-up and for the counter (it can be changed later).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="155"/>
        <source>Regulars — member counter</source>
        <translation>Regulars — member counter</translation>
    </message>
</context>
<context>
    <name>ManagerPage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="175"/>
        <source>Store manager</source>
        <translation>Store manager</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="176"/>
        <source>The manager signs in with this PIN, approves large redemptions and voids, and adds the cashiers.</source>
        <translation>The manager signs in with this PIN, approves large redemptions and voids, and adds the cashiers.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="178"/>
        <source>Manager&apos;s name</source>
        <translation>Manager&apos;s name</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="179"/>
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="180"/>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <location filename="../../desktop/membercard.py" line="137"/>
        <source>Save PNG…</source>
        <translation>Save PNG…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="138"/>
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="139"/>
        <source>Print card slip</source>
        <translation>Print card slip</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="151"/>
        <source>Member card</source>
        <translation>Member card</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="154"/>
        <source>Save member card</source>
        <translation>Save member card</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="164"/>
        <source>Could not save the card: %1</source>
        <translation>Could not save the card: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="167"/>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../desktop/membercard.py" line="174"/>
        <source>The card slip is printing.</source>
        <translation>The card slip is printing.</translation>
    </message>
</context>
<context>
    <name>MemberPanelView</name>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="140"/>
        <source>Find a member: type a phone number, its last digits, a name, or scan the member card.</source>
        <translation>Find a member: type a phone number, its last digits, a name, or scan the member card.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="143"/>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="144"/>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="144"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="145"/>
        <source>points</source>
        <translation>points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="146"/>
        <source>Member card</source>
        <translation>Member card</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="164"/>
        <source>Birthday month</source>
        <translation>Birthday month</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="167"/>
        <source>Under review</source>
        <translation>Under review</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="170"/>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="172"/>
        <source>Code %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="173"/>
        <source>Last visit %1</source>
        <translation>Last visit %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="175"/>
        <source>Confirmed %1 + pending here %2</source>
        <translation>Confirmed %1 + pending here %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="184"/>
        <source>%1 points expire on %2</source>
        <translation>%1 points expire on %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="189"/>
        <source>No points expire in the next 30 days</source>
        <translation>No points expire in the next 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="197"/>
        <source>Top tier</source>
        <translation>Top tier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="204"/>
        <source>Spend %1 more to reach %2</source>
        <translation>Spend %1 more to reach %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="213"/>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="214"/>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/member_panel.py" line="214"/>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/messages.py" line="30"/>
        <source>Type a phone number, its last digits, a member code or a name.</source>
        <translation>Type a phone number, its last digits, a member code or a name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="31"/>
        <source>A member code has 10 digits and does not start with 0.</source>
        <translation>A member code has 10 digits and does not start with 0.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="32"/>
        <source>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</source>
        <translation>Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="33"/>
        <source>Enter a phone number.</source>
        <translation>Enter a phone number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="34"/>
        <source>A phone number has only digits, spaces, dashes and a leading +.</source>
        <translation>A phone number has only digits, spaces, dashes and a leading +.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="35"/>
        <source>That is not a phone number.</source>
        <translation>That is not a phone number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="36"/>
        <source>That phone number is not valid: check the number of digits.</source>
        <translation>That phone number is not valid: check the number of digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="37"/>
        <source>That is not a mobile number; members join with a mobile.</source>
        <translation>That is not a mobile number; members join with a mobile.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="38"/>
        <source>A member&apos;s mobile number has no extension: remove %1.</source>
        <translation>A member&apos;s mobile number has no extension: remove %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="39"/>
        <source>This chain does not take members with mobile numbers from %1.</source>
        <translation>This chain does not take members with mobile numbers from %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="40"/>
        <source>Enter the sale amount.</source>
        <translation>Enter the sale amount.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="41"/>
        <source>That is not an amount.</source>
        <translation>That is not an amount.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="42"/>
        <source>The amount cannot be negative.</source>
        <translation>The amount cannot be negative.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="43"/>
        <source>The amount must be more than zero.</source>
        <translation>The amount must be more than zero.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="44"/>
        <source>Too many decimals for this currency.</source>
        <translation>Too many decimals for this currency.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="45"/>
        <source>That amount is too large for one sale.</source>
        <translation>That amount is too large for one sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="46"/>
        <source>That receipt number is not valid.</source>
        <translation>That receipt number is not valid.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="47"/>
        <source>Receipt %1 already earned points.</source>
        <translation>Receipt %1 already earned points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="48"/>
        <source>Enter the points to redeem.</source>
        <translation>Enter the points to redeem.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="49"/>
        <source>Type the points as a whole number.</source>
        <translation>Type the points as a whole number.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="50"/>
        <source>Points are redeemed in steps of %1.</source>
        <translation>Points are redeemed in steps of %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="51"/>
        <source>The minimum redemption is %1 points.</source>
        <translation>The minimum redemption is %1 points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="52"/>
        <source>The member has only %1 points.</source>
        <translation>The member has only %1 points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="53"/>
        <source>At most %1 points per sale.</source>
        <translation>At most %1 points per sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="54"/>
        <source>Points can pay at most %1% of this sale.</source>
        <translation>Points can pay at most %1% of this sale.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="55"/>
        <source>Central is still answering the last redemption.</source>
        <translation>Central is still answering the last redemption.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="56"/>
        <source>The redemption was cancelled; the member keeps the points.</source>
        <translation>The redemption was cancelled; the member keeps the points.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="57"/>
        <source>This redemption was cancelled at the counter.</source>
        <translation>This redemption was cancelled at the counter.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="58"/>
        <source>The redemption did not go through. Check the member&apos;s history before trying again.</source>
        <translation>The redemption did not go through. Check the member&apos;s history before trying again.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="59"/>
        <source>Redeeming over %1 points needs a manager&apos;s approval.</source>
        <translation>Redeeming over %1 points needs a manager&apos;s approval.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="60"/>
        <source>The chain does not allow redeeming offline.</source>
        <translation>The chain does not allow redeeming offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="61"/>
        <source>More points than may be redeemed in one sale offline.</source>
        <translation>More points than may be redeemed in one sale offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="62"/>
        <source>This member already redeemed offline here as often as allowed.</source>
        <translation>This member already redeemed offline here as often as allowed.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="63"/>
        <source>Too long since the last sync to redeem offline.</source>
        <translation>Too long since the last sync to redeem offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="64"/>
        <source>This terminal&apos;s offline redemption budget is used up.</source>
        <translation>This terminal&apos;s offline redemption budget is used up.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="65"/>
        <source>A manager may approve it.</source>
        <translation>A manager may approve it.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="66"/>
        <source>Only a manager can approve this.</source>
        <translation>Only a manager can approve this.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="67"/>
        <source>Unknown cashier.</source>
        <translation>Unknown cashier.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="68"/>
        <source>Too many wrong PINs. Try again in %1 min.</source>
        <translation>Too many wrong PINs. Try again in %1 min.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="69"/>
        <source>Wrong PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="70"/>
        <source>A PIN is 4 to 8 digits.</source>
        <translation>A PIN is 4 to 8 digits.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="71"/>
        <source>The two PINs differ.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="72"/>
        <source>Enter the cashier&apos;s name.</source>
        <translation>Enter the cashier&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="73"/>
        <source>A cashier with that name already exists.</source>
        <translation>A cashier with that name already exists.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="74"/>
        <source>This store already has a manager.</source>
        <translation>This store already has a manager.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="75"/>
        <source>Enter the member&apos;s name.</source>
        <translation>Enter the member&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="76"/>
        <source>A name has at most %1 characters.</source>
        <translation>A name has at most %1 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="77"/>
        <source>The name contains an invisible or control character (%1): type the name again without it.</source>
        <translation>The name contains an invisible or control character (%1): type the name again without it.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="78"/>
        <source>The name contains a direction control character (%1), which reorders the letters on screen: type the name instead of pasting it.</source>
        <translation>The name contains a direction control character (%1), which reorders the letters on screen: type the name instead of pasting it.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="79"/>
        <source>The name contains a character this system does not know yet (%1), perhaps a newer emoji: type the name without it.</source>
        <translation>The name contains a character this system does not know yet (%1), perhaps a newer emoji: type the name without it.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="80"/>
        <source>A new member cannot refer themself: give another member&apos;s phone or code.</source>
        <translation>A new member cannot refer themself: give another member&apos;s phone or code.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="81"/>
        <source>This expired on %1.</source>
        <translation>This expired on %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="82"/>
        <source>That cannot be recorded.</source>
        <translation>That cannot be recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="83"/>
        <source>That cannot be done with this kind of coupon, pass or card.</source>
        <translation>That cannot be done with this kind of coupon, pass or card.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="84"/>
        <source>This member already holds as many as the program allows.</source>
        <translation>This member already holds as many as the program allows.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="85"/>
        <source>This member cannot take part in this program here.</source>
        <translation>This member cannot take part in this program here.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="86"/>
        <source>This till already redeemed %1 of these offline; connect to head office to redeem more.</source>
        <translation>This till already redeemed %1 of these offline; connect to head office to redeem more.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="87"/>
        <source>This can only be redeemed while the till is connected to head office.</source>
        <translation>This can only be redeemed while the till is connected to head office.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="88"/>
        <source>Only %1 left.</source>
        <translation>Only %1 left.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="89"/>
        <source>This program is not running now.</source>
        <translation>This program is not running now.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="90"/>
        <source>That many cannot be redeemed at once.</source>
        <translation>That many cannot be redeemed at once.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="91"/>
        <source>This has already been used.</source>
        <translation>This has already been used.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="92"/>
        <source>That referral code is not valid: at most 40 letters, digits or symbols.</source>
        <translation>That referral code is not valid: at most 40 letters, digits or symbols.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="93"/>
        <source>That birthday is not a date.</source>
        <translation>That birthday is not a date.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="94"/>
        <source>That birth year is not plausible.</source>
        <translation>That birth year is not plausible.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="95"/>
        <source>Type the birthday as MM/DD or YYYY/MM/DD.</source>
        <translation>Type the birthday as MM/DD or YYYY/MM/DD.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="96"/>
        <source>Ask the customer: may we send marketing messages? Choose yes or no.</source>
        <translation>Ask the customer: may we send marketing messages? Choose yes or no.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="97"/>
        <source>%1 is already a member: showing them instead.</source>
        <translation>%1 is already a member: showing them instead.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="98"/>
        <source>No such member or transaction.</source>
        <translation>No such member or transaction.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="99"/>
        <source>Give a reason for the void.</source>
        <translation>Give a reason for the void.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="100"/>
        <source>That entry cannot be voided.</source>
        <translation>That entry cannot be voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="101"/>
        <source>That transaction was already voided.</source>
        <translation>That transaction was already voided.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="102"/>
        <source>Pick a transaction in the member&apos;s history first.</source>
        <translation>Pick a transaction in the member&apos;s history first.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="103"/>
        <source>Find the member first.</source>
        <translation>Find the member first.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="104"/>
        <source>A manager must enter their PIN to approve.</source>
        <translation>A manager must enter their PIN to approve.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="105"/>
        <source>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</source>
        <translation>This terminal cannot enroll yet: it has no member-code block. Run set-up or sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="106"/>
        <source>The invoice code is cut short (%1 characters): scan it again.</source>
        <translation>The invoice code is cut short (%1 characters): scan it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="107"/>
        <source>That is the invoice&apos;s right QR code: scan the left one.</source>
        <translation>That is the invoice&apos;s right QR code: scan the left one.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="108"/>
        <source>That is not an e-invoice code: its fields do not fit the Ministry of Finance&apos;s layout.</source>
        <translation>That is not an e-invoice code: its fields do not fit the Ministry of Finance&apos;s layout.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="109"/>
        <source>The invoice date %1 is not a date.</source>
        <translation>The invoice date %1 is not a date.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="110"/>
        <source>The invoice is dated %1, after today.</source>
        <translation>The invoice is dated %1, after today.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="111"/>
        <source>The invoice&apos;s total is zero.</source>
        <translation>The invoice&apos;s total is zero.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="112"/>
        <source>The seller&apos;s tax id %1 on the invoice fails its check: the code is damaged.</source>
        <translation>The seller&apos;s tax id %1 on the invoice fails its check: the code is damaged.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="113"/>
        <source>This invoice is from another seller (tax id %1): it earns nothing here.</source>
        <translation>This invoice is from another seller (tax id %1): it earns nothing here.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="114"/>
        <source>This counter has no seller tax ids set, so it cannot tell its own invoices: a manager sets them in the settings (F10).</source>
        <translation>This counter has no seller tax ids set, so it cannot tell its own invoices: a manager sets them in the settings (F10).</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="115"/>
        <source>The POS sent a sale the counter cannot read.</source>
        <translation>The POS sent a sale the counter cannot read.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="116"/>
        <source>A mobile-carrier barcode is / and 7 letters, digits or . + -.</source>
        <translation>A mobile-carrier barcode is / and 7 letters, digits or . + -.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="117"/>
        <source>Ask the customer first: may we keep their carrier barcode to find them? Tick the box if they agree.</source>
        <translation>Ask the customer first: may we keep their carrier barcode to find them? Tick the box if they agree.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="118"/>
        <source>This carrier barcode is linked to another member.</source>
        <translation>This carrier barcode is linked to another member.</translation>
    </message>
    <message>
        <location filename="../../desktop/messages.py" line="119"/>
        <source>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</source>
        <translation>The local store could not save this. Nothing was recorded; try again, and call support if it repeats.</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="109"/>
        <source>Printing a test slip…</source>
        <translation>Printing a test slip…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="114"/>
        <source>Test slip sent (%1 bytes). Check that it printed, Chinese characters included.</source>
        <translation>Test slip sent (%1 bytes). Check that it printed, Chinese characters included.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="130"/>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="131"/>
        <source>Choose how this counter reaches its receipt printer and print a test slip. You can also set it up later.</source>
        <translation>Choose how this counter reaches its receipt printer and print a test slip. You can also set it up later.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="133"/>
        <source>No printer</source>
        <translation>No printer</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="134"/>
        <source>Network printer</source>
        <translation>Network printer</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="135"/>
        <location filename="../../desktop/firstrun/printer_page.py" line="138"/>
        <source>Device or file</source>
        <translation>Device or file</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="136"/>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="137"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="139"/>
        <source>Paper width</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/printer_page.py" line="140"/>
        <source>Print test slip</source>
        <translation>Print test slip</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="199"/>
        <location filename="../../desktop/views/printer_settings.py" line="200"/>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="201"/>
        <source>None (no slips)</source>
        <translation>None (no slips)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="201"/>
        <source>Network (LAN, port 9100)</source>
        <translation>Network (LAN, port 9100)</translation>
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
        <translation>Serial port</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="202"/>
        <source>File or device</source>
        <translation>File or device</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="203"/>
        <source>Printer&apos;s Chinese mode: Big5 (Taiwan)</source>
        <translation>Printer&apos;s Chinese mode: Big5 (Taiwan)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="204"/>
        <source>Printer&apos;s Chinese mode: Big5-HKSCS (Hong Kong)</source>
        <translation>Printer&apos;s Chinese mode: Big5-HKSCS (Hong Kong)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="205"/>
        <source>Printer&apos;s Chinese mode: GB18030</source>
        <translation>Printer&apos;s Chinese mode: GB18030</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="206"/>
        <source>Print text as an image (any printer, slower)</source>
        <translation>Print text as an image (any printer, slower)</translation>
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
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="210"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="210"/>
        <source>Vendor ID (hex)</source>
        <translation>Vendor ID (hex)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="211"/>
        <source>Product ID (hex)</source>
        <translation>Product ID (hex)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="211"/>
        <source>Speed (baud)</source>
        <translation>Speed (baud)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="212"/>
        <source>File or device path</source>
        <translation>File or device path</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Paper</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="219"/>
        <source>Chinese text</source>
        <translation>Chinese text</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Store address</source>
        <translation>Store address</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="220"/>
        <source>Store phone</source>
        <translation>Store phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="221"/>
        <source>Slip footer</source>
        <translation>Slip footer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="223"/>
        <source>Print test slip</source>
        <translation>Print test slip</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="224"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="225"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="226"/>
        <source>The slip as it will print</source>
        <translation>The slip as it will print</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="301"/>
        <source>Type the printer&apos;s address, e.g. 192.168.1.50.</source>
        <translation>Type the printer&apos;s address, e.g. 192.168.1.50.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="305"/>
        <source>The port is a number from 1 to 65535 (usually 9100).</source>
        <translation>The port is a number from 1 to 65535 (usually 9100).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="314"/>
        <source>USB ids are 4 hex digits, e.g. 04b8 and 0e15.</source>
        <translation>USB ids are 4 hex digits, e.g. 04b8 and 0e15.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="321"/>
        <source>Type the port or device, e.g. /dev/ttyUSB0 or COM3.</source>
        <translation>Type the port or device, e.g. /dev/ttyUSB0 or COM3.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="347"/>
        <source>Choose a printer first.</source>
        <translation>Choose a printer first.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="350"/>
        <source>Printing the test slip…</source>
        <translation>Printing the test slip…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="357"/>
        <source>The test slip printed. If its Chinese text and codes are clear, save.</source>
        <translation>The test slip printed. If its Chinese text and codes are clear, save.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_settings.py" line="360"/>
        <source>The test slip did not print: %1</source>
        <translation>The test slip did not print: %1</translation>
    </message>
</context>
<context>
    <name>PrinterStatus</name>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="20"/>
        <source>no printer set up</source>
        <translation>no printer set up</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="21"/>
        <source>A manager can choose the printer with F10.</source>
        <translation>A manager can choose the printer with F10.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="23"/>
        <source>printer off or unplugged</source>
        <translation>printer off or unplugged</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="24"/>
        <source>Switch the printer on and check its cable.</source>
        <translation>Switch the printer on and check its cable.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="26"/>
        <source>printer not answering</source>
        <translation>printer not answering</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="27"/>
        <source>Switch the printer off and on.</source>
        <translation>Switch the printer off and on.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="29"/>
        <source>printer stopped mid-slip</source>
        <translation>printer stopped mid-slip</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="30"/>
        <source>Tear off the partial slip and check the printer.</source>
        <translation>Tear off the partial slip and check the printer.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="32"/>
        <source>out of paper</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="33"/>
        <source>Load a new paper roll.</source>
        <translation>Load a new paper roll.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="34"/>
        <source>cover open</source>
        <translation>cover open</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="35"/>
        <source>Close the printer&apos;s cover.</source>
        <translation>Close the printer&apos;s cover.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="36"/>
        <source>printer error (jam or cutter)</source>
        <translation>printer error (jam or cutter)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="38"/>
        <source>Clear the jam, then switch the printer off and on.</source>
        <translation>Clear the jam, then switch the printer off and on.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="40"/>
        <source>printer offline</source>
        <translation>printer offline</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="41"/>
        <source>Check the printer.</source>
        <translation>Check the printer.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="45"/>
        <source>software error</source>
        <translation>software error</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="46"/>
        <source>The error was logged; press F7 to try again.</source>
        <translation>The error was logged; press F7 to try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="48"/>
        <source>not printed before the counter closed</source>
        <translation>not printed before the counter closed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="49"/>
        <source>Press F7 if the customer still needs it.</source>
        <translation>Press F7 if the customer still needs it.</translation>
    </message>
</context>
<context>
    <name>PrinterStatusView</name>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="103"/>
        <source>%1 Printer</source>
        <translation>%1 Printer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="116"/>
        <source>No receipt printer</source>
        <translation>No receipt printer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="117"/>
        <source>Printer ready</source>
        <translation>Printer ready</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="118"/>
        <source>Printing slip…</source>
        <translation>Printing slip…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="119"/>
        <source>Slip printed ✓</source>
        <translation>Slip printed ✓</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="122"/>
        <source>Slip waiting — %1</source>
        <translation>Slip waiting — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="123"/>
        <source>%2 slips waiting — %1</source>
        <translation>%2 slips waiting — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="131"/>
        <source>%1 Print waiting slips</source>
        <translation>%1 Print waiting slips</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printer_status.py" line="132"/>
        <source>%1 Reprint last slip</source>
        <translation>%1 Reprint last slip</translation>
    </message>
</context>
<context>
    <name>QuickSaleView</name>
    <message>
        <location filename="../../desktop/views/award.py" line="113"/>
        <source>Sale without a member</source>
        <translation>Sale without a member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="114"/>
        <source>Record the sale so the report shows members&apos; share of sales. No points are given.</source>
        <translation>Record the sale so the report shows members&apos; share of sales. No points are given.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="116"/>
        <source>Sale amount</source>
        <translation>Sale amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="117"/>
        <source>POS receipt no. (optional)</source>
        <translation>POS receipt no. (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/award.py" line="118"/>
        <source>Record sale</source>
        <translation>Record sale</translation>
    </message>
</context>
<context>
    <name>ReceiptsController</name>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="145"/>
        <source>Slip not printed — %1. %2</source>
        <translation>Slip not printed — %1. %2</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="147"/>
        <source>Slip not printed — %1. %2 It prints by itself when the printer is ready; %3 prints it now.</source>
        <translation>Slip not printed — %1. %2 It prints by itself when the printer is ready; %3 prints it now.</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="185"/>
        <source>No receipt printer is set up. A manager can choose one with %1.</source>
        <translation>No receipt printer is set up. A manager can choose one with %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="189"/>
        <source>Printing the waiting slips…</source>
        <translation>Printing the waiting slips…</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="190"/>
        <source>Reprinting the last slip, marked COPY…</source>
        <translation>Reprinting the last slip, marked COPY…</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="191"/>
        <source>No slip has been printed yet.</source>
        <translation>No slip has been printed yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="201"/>
        <source>Printer settings are for managers.</source>
        <translation>Printer settings are for managers.</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="235"/>
        <source>printing is not available here</source>
        <translation>printing is not available here</translation>
    </message>
    <message>
        <location filename="../../desktop/receipts_ui.py" line="270"/>
        <source>Printer settings saved.</source>
        <translation>Printer settings saved.</translation>
    </message>
</context>
<context>
    <name>RedeemView</name>
    <message>
        <location filename="../../desktop/views/redeem.py" line="52"/>
        <source>Redeem points</source>
        <translation>Redeem points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="53"/>
        <source>Points to redeem</source>
        <translation>Points to redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="54"/>
        <source>Sale amount (optional)</source>
        <translation>Sale amount (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="55"/>
        <source>Redeem</source>
        <translation>Redeem</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="96"/>
        <source>Asking central to authorise… (Esc cancels)</source>
        <translation>Asking central to authorise… (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/redeem.py" line="105"/>
        <source>Cancelling the redemption…</source>
        <translation>Cancelling the redemption…</translation>
    </message>
</context>
<context>
    <name>SaveDialog</name>
    <message>
        <location filename="../../desktop/views/files.py" line="38"/>
        <source>Look in:</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="40"/>
        <source>File name:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="42"/>
        <source>Files of type:</source>
        <translation>Files of type:</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="43"/>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/files.py" line="45"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScannerSettingsBox</name>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="49"/>
        <source>Barcode scanner</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="50"/>
        <source>Prefix</source>
        <translation>Prefix</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="51"/>
        <source>Suffix</source>
        <translation>Suffix</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="52"/>
        <source>E-invoice seller tax ids (only these earn)</source>
        <translation>E-invoice seller tax ids (only these earn)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="54"/>
        <source>Optional. Program the scanner (the prefix/suffix codes in its manual) to send one character before and/or after every code, and type it here (^B for Ctrl+B, STX; ^I for Tab). Then only codes carrying it count as scans, however fast someone types. Empty: scans are told apart by their speed.</source>
        <translation>Optional. Program the scanner (the prefix/suffix codes in its manual) to send one character before and/or after every code, and type it here (^B for Ctrl+B, STX; ^I for Tab). Then only codes carrying it count as scans, however fast someone types. Empty: scans are told apart by their speed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="71"/>
        <source>%1 is not a valid tax id (統一編號).</source>
        <translation>%1 is not a valid tax id (統一編號).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="86"/>
        <source>prefix</source>
        <translation>prefix</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="86"/>
        <source>suffix</source>
        <translation>suffix</translation>
    </message>
    <message>
        <location filename="../../desktop/views/scanner_settings.py" line="90"/>
        <source>The scanner&apos;s %1 is one character, or ^ and a letter.</source>
        <translation>The scanner&apos;s %1 is one character, or ^ and a letter.</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop/views/search.py" line="49"/>
        <source>Phone, last 3–4 digits, member code or name — or scan the card</source>
        <translation>Phone, last 3–4 digits, member code or name — or scan the card</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="50"/>
        <source>Find</source>
        <translation>Find</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../../desktop/views/signin.py" line="113"/>
        <source>Set up this counter</source>
        <translation>Set up this counter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="114"/>
        <location filename="../../desktop/views/signin.py" line="119"/>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="116"/>
        <source>No manager exists yet. Create the store manager&apos;s account.</source>
        <translation>No manager exists yet. Create the store manager&apos;s account.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="117"/>
        <source>Pick your name and type your PIN.</source>
        <translation>Pick your name and type your PIN.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="118"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="120"/>
        <source>Manager&apos;s name</source>
        <translation>Manager&apos;s name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="121"/>
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 digits)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="122"/>
        <source>PIN again</source>
        <translation>PIN again</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="123"/>
        <source>Create manager</source>
        <translation>Create manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="135"/>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <location filename="../../desktop/views/signin.py" line="135"/>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>StorePage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="123"/>
        <source>Store</source>
        <translation>Store</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="124"/>
        <source>The store&apos;s name appears on screen and on receipts. The region sets the currency, the loyalty rules and the time zone.</source>
        <translation>The store&apos;s name appears on screen and on receipts. The region sets the currency, the loyalty rules and the time zone.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="127"/>
        <source>e.g. 好日子生活百貨 信義店</source>
        <translation>e.g. 好日子生活百貨 信義店</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="128"/>
        <source>Store name</source>
        <translation>Store name</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="129"/>
        <source>Till name</source>
        <translation>Till name</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="130"/>
        <source>optional, e.g. 收銀機 2 (shown on screen)</source>
        <translation>optional, e.g. 收銀機 2 (shown on screen)</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="131"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="132"/>
        <source>Currency</source>
        <translation>Currency</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="133"/>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="134"/>
        <source>Taiwan</source>
        <translation>Taiwan</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="135"/>
        <source>Hong Kong</source>
        <translation>Hong Kong</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="201"/>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/pages.py" line="202"/>
        <source>Check the settings. Finish saves them and opens the counter; Back changes them.</source>
        <translation>Check the settings. Finish saves them and opens the counter; Back changes them.</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../desktop/sync_panel.py" line="44"/>
        <source>The sync problems list is for managers.</source>
        <translation>The sync problems list is for managers.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="76"/>
        <source>Could not save the file: %1</source>
        <translation>Could not save the file: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="80"/>
        <source>Unsent operations saved: %1, in %2</source>
        <translation>Unsent operations saved: %1, in %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="85"/>
        <source>Export unsent operations</source>
        <translation>Export unsent operations</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_panel.py" line="86"/>
        <source>Operations (*.jsonl)</source>
        <translation>Operations (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="101"/>
        <source>Sync problems</source>
        <translation>Sync problems</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="103"/>
        <source>Central keeps every sale that happened. Operations it rejected stay here with its reason (nothing was lost: head office can correct them). An overdraft is a redemption central accepted beyond the member&apos;s points; it is recovered from later earnings.</source>
        <translation>Central keeps every sale that happened. Operations it rejected stay here with its reason (nothing was lost: head office can correct them). An overdraft is a redemption central accepted beyond the member&apos;s points; it is recovered from later earnings.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <source>Recorded</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Member</source>
        <translation>Member</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="108"/>
        <location filename="../../desktop/views/sync_problems.py" line="131"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="109"/>
        <source>Central&apos;s reason</source>
        <translation>Central&apos;s reason</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Redeemed</source>
        <translation>Redeemed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="111"/>
        <source>Overdrawn by</source>
        <translation>Overdrawn by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="112"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="114"/>
        <source>Why it was set aside</source>
        <translation>Why it was set aside</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="115"/>
        <source>Mark all as seen</source>
        <translation>Mark all as seen</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="116"/>
        <source>Export unsent operations…</source>
        <translation>Export unsent operations…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="117"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="127"/>
        <source>Rejected by central: %1</source>
        <translation>Rejected by central: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="129"/>
        <source>Overdrafts recorded by central: %1</source>
        <translation>Overdrafts recorded by central: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="131"/>
        <source>Enrollment</source>
        <translation>Enrollment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="132"/>
        <source>Profile change</source>
        <translation>Profile change</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="143"/>
        <source>Set aside from central (not applied; call support): %1</source>
        <translation>Set aside from central (not applied; call support): %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="145"/>
        <source>Change %1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="145"/>
        <source>Member list part %1</source>
        <translation>Member list part %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="158"/>
        <source>This store&apos;s receipt already earned points.</source>
        <translation>This store&apos;s receipt already earned points.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="159"/>
        <source>The entry names another terminal or store.</source>
        <translation>The entry names another terminal or store.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="160"/>
        <source>Central does not know this member.</source>
        <translation>Central does not know this member.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="161"/>
        <source>The member was erased at their request.</source>
        <translation>The member was erased at their request.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="162"/>
        <source>Another member holds this phone: head office reviews it.</source>
        <translation>Another member holds this phone: head office reviews it.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="164"/>
        <source>Not a valid mobile number.</source>
        <translation>Not a valid mobile number.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="165"/>
        <source>Central found the entry invalid.</source>
        <translation>Central found the entry invalid.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="166"/>
        <source>Central could not read the operation.</source>
        <translation>Central could not read the operation.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="167"/>
        <source>Central does not know this kind of operation.</source>
        <translation>Central does not know this kind of operation.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="175"/>
        <source>this terminal</source>
        <translation>this terminal</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_problems.py" line="176"/>
        <source>terminal …%1</source>
        <translation>terminal …%1</translation>
    </message>
</context>
<context>
    <name>TerminalPage</name>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="117"/>
        <source>Registering with central…</source>
        <translation>Registering with central…</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="144"/>
        <source>This terminal</source>
        <translation>This terminal</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="145"/>
        <source>Register it with your chain&apos;s central service to share members with every store, or run it on its own.</source>
        <translation>Register it with your chain&apos;s central service to share members with every store, or run it on its own.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="147"/>
        <source>Register with central (enrollment code from head office)</source>
        <translation>Register with central (enrollment code from head office)</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="149"/>
        <source>Standalone: this counter only, register later</source>
        <translation>Standalone: this counter only, register later</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="151"/>
        <source>Central&apos;s address</source>
        <translation>Central&apos;s address</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="153"/>
        <source>Enrollment code</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="155"/>
        <source>Member-code block</source>
        <translation>Member-code block</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="156"/>
        <source>New members get codes from this block. Give each standalone counter of the chain its own number.</source>
        <translation>New members get codes from this block. Give each standalone counter of the chain its own number.</translation>
    </message>
    <message>
        <location filename="../../desktop/firstrun/terminal_page.py" line="159"/>
        <source>Registered as terminal %1 of store %2.</source>
        <translation>Registered as terminal %1 of store %2.</translation>
    </message>
</context>
<context>
    <name>Upkeep</name>
    <message>
        <location filename="../../desktop/backups.py" line="129"/>
        <source>The daily backup failed (%1). The counter keeps working; tell the IT person.</source>
        <translation>The daily backup failed (%1). The counter keeps working; tell the IT person.</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="157"/>
        <source>Updating the counter&apos;s data for this version of Regulars…
This can take a few minutes. Do not switch the computer off.</source>
        <translation>Updating the counter&apos;s data for this version of Regulars…
This can take a few minutes. Do not switch the computer off.</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="202"/>
        <source>This version of Regulars could not upgrade the counter&apos;s data. Nothing was changed: the data is as it was, and a backup was kept in %1.</source>
        <translation>This version of Regulars could not upgrade the counter&apos;s data. Nothing was changed: the data is as it was, and a backup was kept in %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="209"/>
        <source>The counter&apos;s data at %1 cannot be opened (the disk may be full, or the file damaged).</source>
        <translation>The counter&apos;s data at %1 cannot be opened (the disk may be full, or the file damaged).</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="213"/>
        <source>Regulars cannot start</source>
        <translation>Regulars cannot start</translation>
    </message>
    <message>
        <location filename="../../desktop/backups.py" line="216"/>
        <source>Reinstall the previous version or restore a backup to keep selling, and call support.</source>
        <translation>Reinstall the previous version or restore a backup to keep selling, and call support.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="220"/>
        <source>Regulars is already open on this computer. Use the window that is open (look for it on the taskbar).</source>
        <translation>Regulars is already open on this computer. Use the window that is open (look for it on the taskbar).</translation>
    </message>
</context>
<context>
    <name>VoidView</name>
    <message>
        <location filename="../../desktop/views/void.py" line="51"/>
        <source>Void a transaction</source>
        <translation>Void a transaction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="52"/>
        <source>Transaction (↑↓ to choose)</source>
        <translation>Transaction (↑↓ to choose)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="53"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="54"/>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../desktop/views/void.py" line="74"/>
        <source>A manager must approve a void.</source>
        <translation>A manager must approve a void.</translation>
    </message>
</context>
</TS>
