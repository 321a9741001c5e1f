<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <source>Log &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>Switch &amp;connection…</source>
        <translation>切换连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Back up database…</source>
        <translation>备份数据库(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Lock window</source>
        <translation>锁定窗口(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Applications</source>
        <translation>贷款申请(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;KYC</source>
        <translation>客户尽调(&amp;K)</translation>
    </message>
    <message>
        <source>C&amp;ollections</source>
        <translation>催收(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Tickets</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>用户(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Audit trail…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;About p2pdesk</source>
        <translation>关于 p2pdesk(&amp;A)</translation>
    </message>
    <message>
        <source>KYC &amp;templates…</source>
        <translation>KYC 模板(&amp;T)…</translation>
    </message>
    <message>
        <source>KYC &amp;blacklist…</source>
        <translation>KYC 黑名单(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Master key…</source>
        <translation>主密钥(&amp;M)…</translation>
    </message>
    <message>
        <source>C&amp;hange password…</source>
        <translation>修改密码(&amp;H)…</translation>
    </message>
    <message>
        <source>Log a &amp;call…</source>
        <translation>记录来电(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;SLA calendar and targets…</source>
        <translation>SLA 日历与时限(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>AdminCredentialsDialog</name>
    <message>
        <source>Administrator needed</source>
        <translation>需要管理员</translation>
    </message>
    <message>
        <source>Administrator:</source>
        <translation>管理员：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <source>Take next</source>
        <translation>领取下一笔</translation>
    </message>
    <message>
        <source>New application…</source>
        <translation>新建申请…</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Nothing is waiting to be taken.</source>
        <translation>没有待领取的申请。</translation>
    </message>
    <message>
        <source>You took {0}.</source>
        <translation>您已领取 {0}。</translation>
    </message>
    <message>
        <source>Import applications</source>
        <translation>导入申请</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
</context>
<context>
    <name>ApplicationsQueue</name>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Underwriter</source>
        <translation>审批员</translation>
    </message>
    <message>
        <source>Age / target (h)</source>
        <translation>等待/目标(时)</translation>
    </message>
</context>
<context>
    <name>ApplicationsQueueModel</name>
    <message>
        <source>Waiting longer than the review target</source>
        <translation>等待时间已超过审核时限</translation>
    </message>
</context>
<context>
    <name>ApplicationStatus</name>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>in review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>info requested</source>
        <translation>待补充资料</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>funding</source>
        <translation>撮合中</translation>
    </message>
    <message>
        <source>disbursed</source>
        <translation>已放款</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
</context>
<context>
    <name>ApproveDialog</name>
    <message>
        <source>Approve / counter-offer</source>
        <translation>批准 / 调整条件</translation>
    </message>
    <message>
        <source>Why (kept in the decision trail)</source>
        <translation>理由（记入决策轨迹）</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Annual rate</source>
        <translation>年利率</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ArrangementDialog</name>
    <message>
        <source>Propose a payment arrangement</source>
        <translation>提出还款安排</translation>
    </message>
    <message>
        <source>Outstanding principal: {0}. Spread it over the new installments; on approval each one also carries a month&apos;s interest at the loan&apos;s rate, and the first carries the overdue interest, fees and penalties.</source>
        <translation>剩余本金：{0}。请将其分摊到新的各期；批准后每期另按贷款利率计一个月利息，逾期利息、费用和罚息计入第一期。</translation>
    </message>
    <message>
        <source>Split evenly</source>
        <translation>平均分摊</translation>
    </message>
    <message>
        <source>Installments</source>
        <translation>期数</translation>
    </message>
    <message>
        <source>First due</source>
        <translation>首期到期日</translation>
    </message>
    <message>
        <source>Due date (YYYY-MM-DD)</source>
        <translation>到期日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Add installment</source>
        <translation>添加一期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>installment {0}</source>
        <translation>第 {0} 期</translation>
    </message>
    <message>
        <source>the date is not YYYY-MM-DD</source>
        <translation>日期格式不是 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Add at least one installment.</source>
        <translation>请至少添加一期。</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Entity:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>The trail can only be sorted by its number (#).</source>
        <translation>审计日志只能按编号（#）排序。</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>变更后</translation>
    </message>
</context>
<context>
    <name>AuditTable</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
</context>
<context>
    <name>BlacklistDialog</name>
    <message>
        <source>KYC internal blacklist</source>
        <translation>KYC 内部黑名单</translation>
    </message>
    <message>
        <source>Number to blacklist</source>
        <translation>要列入黑名单的号码</translation>
    </message>
    <message>
        <source>Reason (required), e.g. the fraud case</source>
        <translation>原因（必填），例如欺诈案件编号</translation>
    </message>
    <message>
        <source>Add to blacklist</source>
        <translation>加入黑名单</translation>
    </message>
    <message>
        <source>Remove from blacklist…</source>
        <translation>移出黑名单…</translation>
    </message>
    <message>
        <source>Personal data is locked on this workstation, so entries cannot be added. {0}</source>
        <translation>本工作站的个人数据已锁定，无法添加条目。{0}</translation>
    </message>
    <message>
        <source>Customers holding a value are checked the moment it is added, and whenever their ID number, phone or card changes. Removing an entry stops new matches; hits already recorded stay on the customer&apos;s screening until reviewed.</source>
        <translation>添加条目时会立即核查持有该号码的客户；客户的证件号、手机号或银行卡变更时也会再次核查。移除条目后不再产生新的命中；已记录的命中仍保留在客户的筛查记录中，直至复核。</translation>
    </message>
    <message>
        <source>active</source>
        <translation>生效</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>Added {0}. Customers holding it were checked.</source>
        <translation>已添加 {0}，并已核查持有该号码的客户。</translation>
    </message>
    <message>
        <source>Remove from blacklist</source>
        <translation>移出黑名单</translation>
    </message>
    <message>
        <source>Why is {0} removed from the blacklist?</source>
        <translation>为什么将 {0} 移出黑名单？</translation>
    </message>
    <message>
        <source>Removed {0} from the blacklist.</source>
        <translation>已将 {0} 移出黑名单。</translation>
    </message>
</context>
<context>
    <name>CaseQueue</name>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>账龄</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>催收员</translation>
    </message>
    <message>
        <source>Promise due</source>
        <translation>承诺到期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>&amp;Current password:</source>
        <translation>当前密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat the new password:</source>
        <translation>再次输入新密码(&amp;R)：</translation>
    </message>
    <message>
        <source>An administrator has reset your password. Choose a new password before you continue.</source>
        <translation>管理员已重置您的密码。请先设置新密码再继续。</translation>
    </message>
    <message>
        <source>At least {0} characters, without spaces at the start or end.</source>
        <translation>至少 {0} 个字符，开头和结尾不能是空格。</translation>
    </message>
    <message>
        <source>C&amp;hange password</source>
        <translation>修改密码(&amp;H)</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Choose a new password.</source>
        <translation>请设置新密码。</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <source>Choose a checklist from the queue, or take the next one.</source>
        <translation>请从队列中选择一份核查清单，或领取下一份。</translation>
    </message>
    <message>
        <source>Four eyes: you ({0}) submitted this item on {1}; another officer must verify or reject it.</source>
        <translation>双人复核：此项目由您（{0}）于 {1} 提交；须由另一位专员核实或驳回。</translation>
    </message>
    <message>
        <source>This item does not expire; there is nothing to renew.</source>
        <translation>此项目没有有效期，无需续期。</translation>
    </message>
    <message>
        <source>Valid until {0}: renewal opens on {1}, {2} days before it runs out.</source>
        <translation>有效期至 {0}：可于 {1} 起续期（到期前 {2} 天）。</translation>
    </message>
    <message>
        <source>Customer…</source>
        <translation>客户…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Decided by / when</source>
        <translation>审核人 / 时间</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Reason / note</source>
        <translation>原因 / 备注</translation>
    </message>
    <message>
        <source>Attach evidence…</source>
        <translation>附加证明材料…</translation>
    </message>
    <message>
        <source>Evidence of the selected item (double-click to open):</source>
        <translation>所选项目的证明材料（双击打开）：</translation>
    </message>
    <message>
        <source> · worked by {0}</source>
        <translation> · 处理人 {0}</translation>
    </message>
    <message>
        <source>Checklist: &lt;b style=&apos;color:{0}&apos;&gt;{1}&lt;/b&gt;{2}</source>
        <translation>核查清单：&lt;b style=&apos;color:{0}&apos;&gt;{1}&lt;/b&gt;{2}</translation>
    </message>
    <message>
        <source>waiver requested by {0}: {1}</source>
        <translation>{0} 申请豁免：{1}</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <source>Lending gate: open — KYC allows approval.</source>
        <translation>放款关口：开启 — KYC 允许审批。</translation>
    </message>
    <message>
        <source>Lending gate: closed — {0}</source>
        <translation>放款关口：关闭 — {0}</translation>
    </message>
    <message>
        <source>Attach evidence</source>
        <translation>附加证明材料</translation>
    </message>
    <message>
        <source>Images and PDF (*.png *.jpg *.jpeg *.gif *.webp *.pdf)</source>
        <translation>图片和 PDF (*.png *.jpg *.jpeg *.gif *.webp *.pdf)</translation>
    </message>
    <message>
        <source> (old)</source>
        <translation>（旧）</translation>
    </message>
    <message>
        <source>{0}, {1} bytes, by {2}</source>
        <translation>{0}，{1} 字节，上传人 {2}</translation>
    </message>
    <message>
        <source>⚠ TAMPERED: {0}</source>
        <translation>⚠ 已被篡改：{0}</translation>
    </message>
</context>
<context>
    <name>Client</name>
    <message>
        <source>p2pdesk</source>
        <translation>p2pdesk</translation>
    </message>
    <message>
        <source>Something went wrong. The details are in the log file {0}.</source>
        <translation>出现了问题。详细信息见日志文件 {0}。</translation>
    </message>
</context>
<context>
    <name>ClientController</name>
    <message>
        <source>Choose a passphrase for the master key.</source>
        <translation>请为主密钥设置口令。</translation>
    </message>
    <message>
        <source>No demo database was created: this computer has no keyring, so its master key needs a passphrase. Restart to choose one, or set P2PDESK_MASTER_PASSPHRASE.</source>
        <translation>未创建演示数据库：本机没有密钥环，主密钥需要口令保护。请重新启动以设置口令，或设置 P2PDESK_MASTER_PASSPHRASE。</translation>
    </message>
    <message>
        <source>You were logged out. {0}</source>
        <translation>您已被登出。{0}</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>There is no database yet at {0}. Create one with “p2pdesk init” or choose a connection.</source>
        <translation>{0} 处还没有数据库。请用“p2pdesk init”创建，或选择一个连接。</translation>
    </message>
    <message>
        <source>Enter the password of {0}.</source>
        <translation>请输入 {0} 的密码。</translation>
    </message>
    <message>
        <source>Log in to continue.</source>
        <translation>请登录以继续。</translation>
    </message>
    <message>
        <source>Creating the demo database…</source>
        <translation>正在创建演示数据库…</translation>
    </message>
    <message>
        <source>Adding demo users and customers…</source>
        <translation>正在添加演示用户和客户…</translation>
    </message>
    <message>
        <source>Demo database ready.</source>
        <translation>演示数据库已就绪。</translation>
    </message>
    <message>
        <source>Creating a demo database (first start)…</source>
        <translation>正在创建演示数据库（首次启动）…</translation>
    </message>
    <message>
        <source>Local database</source>
        <translation>本地数据库</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>没有打开的数据库。</translation>
    </message>
    <message>
        <source>Choose a new password to continue.</source>
        <translation>请设置新密码以继续。</translation>
    </message>
    <message>
        <source>Your password was not changed. Log in again to choose a new one.</source>
        <translation>密码未修改。请重新登录并设置新密码。</translation>
    </message>
</context>
<context>
    <name>Collections</name>
    <message>
        <source>current</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>M1 (1-30 days late)</source>
        <translation>M1（逾期 1-30 天）</translation>
    </message>
    <message>
        <source>M2 (31-60 days late)</source>
        <translation>M2（逾期 31-60 天）</translation>
    </message>
    <message>
        <source>M3 (61-90 days late)</source>
        <translation>M3（逾期 61-90 天）</translation>
    </message>
    <message>
        <source>M4+ (over 90 days late)</source>
        <translation>M4+（逾期超过 90 天）</translation>
    </message>
    <message>
        <source>write-off candidate</source>
        <translation>待核销</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Agent&apos;s note</source>
        <translation>催收员备注</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>提议人</translation>
    </message>
    <message>
        <source>Payment arrangement</source>
        <translation>还款安排</translation>
    </message>
    <message>
        <source>Lift hold…</source>
        <translation>解除暂停…</translation>
    </message>
    <message>
        <source>Phone {0} · ID {1} · City {2} · Time zone {3}</source>
        <translation>电话 {0} · 证件 {1} · 城市 {2} · 时区 {3}</translation>
    </message>
    <message>
        <source>Contract {0} · bucket {1} · {2} days past due · case {3}</source>
        <translation>合同 {0} · 账龄 {1} · 逾期 {2} 天 · 案件 {3}</translation>
    </message>
    <message>
        <source>Contact and letters paused: {0}</source>
        <translation>已暂停联系与催收函：{0}</translation>
    </message>
    <message>
        <source>Priority {0}:</source>
        <translation>优先级 {0}：</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>期次</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Penalty</source>
        <translation>罚息</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>应还</translation>
    </message>
    <message>
        <source>Penalties and fees: {0}</source>
        <translation>罚息和费用：{0}</translation>
    </message>
    <message>
        <source>Total to bring current: {0}</source>
        <translation>结清逾期共需：{0}</translation>
    </message>
    <message>
        <source>Value date</source>
        <translation>起息日</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>承诺日</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已还款</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>催收员</translation>
    </message>
    <message>
        <source>To</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>no priority factors</source>
        <translation>无优先级因素</translation>
    </message>
    <message>
        <source>All contact rules are met.</source>
        <translation>符合全部联系规则。</translation>
    </message>
    <message>
        <source>(team pool)</source>
        <translation>（团队公共池）</translation>
    </message>
    <message>
        <source>paused (dispute/hardship)</source>
        <translation>已暂停（争议/困难）</translation>
    </message>
    <message>
        <source>escalated: {0}</source>
        <translation>已升级：{0}</translation>
    </message>
    <message>
        <source>being worked</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Inbound (debtor called)</source>
        <translation>呼入（债务人来电）</translation>
    </message>
    <message>
        <source>Debtor</source>
        <translation>债务人本人</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>亲属</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>雇主</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>其他人</translation>
    </message>
    <message>
        <source>Right-party contact</source>
        <translation>联系到本人</translation>
    </message>
    <message>
        <source>Promise to pay</source>
        <translation>承诺还款</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>Refused to pay</source>
        <translation>拒绝还款</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <source>Hardship claimed</source>
        <translation>声称经济困难</translation>
    </message>
    <message>
        <source>Third party answered</source>
        <translation>第三方接听</translation>
    </message>
    <message>
        <source>{0} days past due</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>逾期金额 {0}</translation>
    </message>
    <message>
        <source>promise due today</source>
        <translation>承诺今日到期</translation>
    </message>
    <message>
        <source>{0} broken promise(s)</source>
        <translation>{0} 次违约承诺</translation>
    </message>
    <message>
        <source>{0} day(s) since last contact</source>
        <translation>距上次联系 {0} 天</translation>
    </message>
    <message>
        <source>Quiet hours: it is {local_time} for the debtor ({zone}); no contact {start}-{end}.</source>
        <translation>静默时段：债务人当地时间为 {local_time}（{zone}）；{start}-{end} 不得联系。</translation>
    </message>
    <message>
        <source>Daily limit: the debtor was reached {count} times today (limit {limit}).</source>
        <translation>每日上限：今天已接通债务人 {count} 次（上限 {limit} 次）。</translation>
    </message>
    <message>
        <source>Debtor only: relatives, employers and others are never contacted.</source>
        <translation>仅限本人：不得联系亲属、雇主或其他人。</translation>
    </message>
    <message>
        <source>Paused: {reason}. A supervisor must resolve it first.</source>
        <translation>已暂停：{reason}。需主管先处理。</translation>
    </message>
    <message>
        <source>Take the next case or pick one from the queue.</source>
        <translation>领取下一个案件，或从队列中选择一个。</translation>
    </message>
    <message>
        <source>Overdue installments</source>
        <translation>逾期分期</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>还款记录</translation>
    </message>
    <message>
        <source>Promises to pay</source>
        <translation>还款承诺</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>bank file</source>
        <translation>银行文件</translation>
    </message>
    <message>
        <source>by phone</source>
        <translation>电话收款</translation>
    </message>
    <message>
        <source>counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>online</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>penalty</source>
        <translation>罚息</translation>
    </message>
    <message>
        <source>fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>prepayment</source>
        <translation>提前还款</translation>
    </message>
    <message>
        <source>credit balance</source>
        <translation>溢缴款</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>已入账</translation>
    </message>
    <message>
        <source>reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待兑现</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>已兑现</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>已违约</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>CollectionsPage</name>
    <message>
        <source>Start call</source>
        <translation>开始通话</translation>
    </message>
    <message>
        <source>Hold lifted.</source>
        <translation>已解除暂停。</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>催收</translation>
    </message>
    <message>
        <source>This desk arrives with issue 6: queues, contact rules and promises to pay.</source>
        <translation>此工作台将在第 6 号需求中提供：催收队列、联系规则与还款承诺。</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>我的案件</translation>
    </message>
    <message>
        <source>My teams&apos; pool</source>
        <translation>我所在团队的公共池</translation>
    </message>
    <message>
        <source>All open cases</source>
        <translation>全部未结案件</translation>
    </message>
    <message>
        <source>All buckets</source>
        <translation>全部账龄</translation>
    </message>
    <message>
        <source>By priority</source>
        <translation>按优先级</translation>
    </message>
    <message>
        <source>By days past due</source>
        <translation>按逾期天数</translation>
    </message>
    <message>
        <source>By amount overdue</source>
        <translation>按逾期金额</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一个案件</translation>
    </message>
    <message>
        <source>Log contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Payment by phone…</source>
        <translation>电话收款…</translation>
    </message>
    <message>
        <source>Propose arrangement…</source>
        <translation>提出还款安排…</translation>
    </message>
    <message>
        <source>Letters for bucket…</source>
        <translation>生成账龄催收函…</translation>
    </message>
    <message>
        <source>Import payment file…</source>
        <translation>导入还款文件…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reassign case…</source>
        <translation>重新分配案件…</translation>
    </message>
    <message>
        <source>Teams and routing…</source>
        <translation>团队与分案规则…</translation>
    </message>
    <message>
        <source>Escalations…</source>
        <translation>升级处理…</translation>
    </message>
    <message>
        <source>Suspense…</source>
        <translation>待匹配款项…</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Team board</source>
        <translation>团队看板</translation>
    </message>
    <message>
        <source>No case is waiting in your queue or pool.</source>
        <translation>您的队列和公共池中没有待处理案件。</translation>
    </message>
    <message>
        <source>You are working case {0}.</source>
        <translation>您正在处理案件 {0}。</translation>
    </message>
    <message>
        <source>Open a case first.</source>
        <translation>请先打开一个案件。</translation>
    </message>
    <message>
        <source>Contact logged.</source>
        <translation>联系已记录。</translation>
    </message>
    <message>
        <source>Payment posted.</source>
        <translation>还款已入账。</translation>
    </message>
    <message>
        <source>Arrangement sent for approval.</source>
        <translation>还款安排已提交审批。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import bank payment file</source>
        <translation>导入银行还款文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Payment file imported</source>
        <translation>还款文件已导入</translation>
    </message>
    <message>
        <source>Posted {0} ({1}), duplicates {2}, to suspense {3}, rejected {4}.</source>
        <translation>入账 {0} 笔（{1}），重复 {2} 笔，转入待匹配 {3} 笔，拒绝 {4} 笔。</translation>
    </message>
    <message>
        <source>Payment file</source>
        <translation>还款文件</translation>
    </message>
    <message>
        <source>Importing {0}: row {1}</source>
        <translation>正在导入 {0}：第 {1} 行</translation>
    </message>
    <message>
        <source>Save letters</source>
        <translation>保存催收函</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Preparing letters for {0}…</source>
        <translation>正在生成 {0} 的催收函…</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>催收函</translation>
    </message>
    <message>
        <source>{0} letter(s) saved to {1}.</source>
        <translation>已将 {0} 封催收函保存到 {1}。</translation>
    </message>
    <message>
        <source>The file was read as {0}.</source>
        <translation>文件按 {0} 编码读取。</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Database connections</source>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>SQLite file (this computer)</source>
        <translation>SQLite 文件（本机）</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL 服务器</translation>
    </message>
    <message>
        <source>MySQL / MariaDB server</source>
        <translation>MySQL / MariaDB 服务器</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>在系统钥匙串中记住密码</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the password is not saved: enter it each time you connect.</source>
        <translation>本机没有可用的系统钥匙串，因此不会保存密码：每次连接时请输入密码。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation>数据库(&amp;B)：</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>用户(&amp;S)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>连接(&amp;O)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Local database</source>
        <translation>本地数据库</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新连接</translation>
    </message>
    <message>
        <source>Choose a p2pdesk database</source>
        <translation>选择 p2pdesk 数据库</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Give the connection a name.</source>
        <translation>请为连接命名。</translation>
    </message>
    <message>
        <source>Choose the database file.</source>
        <translation>请选择数据库文件。</translation>
    </message>
    <message>
        <source>Enter the server's host name.</source>
        <translation>请输入服务器主机名。</translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation>请输入数据库名称。</translation>
    </message>
    <message>
        <source>Enter the database user.</source>
        <translation>请输入数据库用户。</translation>
    </message>
    <message>
        <source>The system keyring refused to store the password; enter it each time you connect.</source>
        <translation>系统钥匙串拒绝保存密码；每次连接时请输入密码。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>The connection works ({0} database {1}).</source>
        <translation>连接正常（{0} 数据库 {1}）。</translation>
    </message>
    <message>
        <source>Enter the database password.</source>
        <translation>请输入数据库密码。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Hold lifted.</source>
        <translation>已解除暂停。</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>证件号码：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Bank card:</source>
        <translation>银行卡：</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Revealing personal data needs the reveal permission.</source>
        <translation>显示个人敏感信息需要相应权限。</translation>
    </message>
    <message>
        <source>Customer {0}</source>
        <translation>客户 {0}</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>电子邮件：</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Employer:</source>
        <translation>工作单位：</translation>
    </message>
    <message>
        <source>Occupation:</source>
        <translation>职业：</translation>
    </message>
    <message>
        <source>Monthly income:</source>
        <translation>月收入：</translation>
    </message>
    <message>
        <source>Legal representative:</source>
        <translation>法定代表人：</translation>
    </message>
    <message>
        <source>Registered capital:</source>
        <translation>注册资本：</translation>
    </message>
    <message>
        <source>Personal data is locked on this workstation (no master key).</source>
        <translation>本工作站无法查看个人敏感信息（没有主密钥）。</translation>
    </message>
    <message>
        <source>Create this customer&apos;s KYC checklist from the active template</source>
        <translation>按当前模板为该客户建立 KYC 核查清单</translation>
    </message>
    <message>
        <source>KYC checklist started.</source>
        <translation>已建立 KYC 核查清单。</translation>
    </message>
    <message>
        <source>Start KYC</source>
        <translation>开始 KYC</translation>
    </message>
    <message>
        <source>KYC checklist…</source>
        <translation>KYC 核查清单…</translation>
    </message>
    <message>
        <source>Open this customer&apos;s checklist on the KYC desk</source>
        <translation>在 KYC 工作台打开该客户的核查清单</translation>
    </message>
</context>
<context>
    <name>CustomerResultsDialog</name>
    <message>
        <source>Customers found: {0}</source>
        <translation>找到的客户：{0}</translation>
    </message>
    <message>
        <source>Double-click a customer (or press Enter) to open the page.</source>
        <translation>双击客户（或按回车）打开客户页面。</translation>
    </message>
</context>
<context>
    <name>CustomerTable</name>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>{0} is a folder; give the backup a file name.</source>
        <translation>{0} 是一个文件夹；请为备份指定文件名。</translation>
    </message>
    <message>
        <source>The backup cannot be written to {0}: its folder does not exist.</source>
        <translation>无法将备份写入 {0}：所在文件夹不存在。</translation>
    </message>
    <message>
        <source>The backup cannot be written to {0}: its parent is not a folder.</source>
        <translation>无法将备份写入 {0}：其上级路径不是文件夹。</translation>
    </message>
    <message>
        <source>The backup cannot be written to {0}: no permission to write in its folder.</source>
        <translation>无法将备份写入 {0}：没有该文件夹的写入权限。</translation>
    </message>
    <message>
        <source>The backup cannot be written to {0}; the details are in the log file.</source>
        <translation>无法将备份写入 {0}；详情见日志文件。</translation>
    </message>
    <message>
        <source>These settings do not name a database p2pdesk can use ({0}).</source>
        <translation>这些设置没有指向 p2pdesk 可用的数据库（{0}）。</translation>
    </message>
    <message>
        <source>This is not a p2pdesk database: it holds another application&apos;s tables ({0}). p2pdesk neither opens nor changes it; choose another file or database.</source>
        <translation>这不是 p2pdesk 数据库：其中有其他应用的数据表（{0}）。p2pdesk 不会打开或修改它；请选择其他文件或数据库。</translation>
    </message>
    <message>
        <source>The database file is damaged (truncated or corrupt); restore it from a backup.</source>
        <translation>数据库文件已损坏（被截断或内容错误）；请从备份恢复。</translation>
    </message>
    <message>
        <source>The database file {0} does not exist.</source>
        <translation>数据库文件 {0} 不存在。</translation>
    </message>
    <message>
        <source>Only an administrator can upgrade the database.</source>
        <translation>只有管理员可以升级数据库。</translation>
    </message>
    <message>
        <source>The server refused the user name or password.</source>
        <translation>服务器拒绝了用户名或密码。</translation>
    </message>
    <message>
        <source>The server has no such database, or this user may not open it.</source>
        <translation>服务器上没有这个数据库，或此用户无权打开它。</translation>
    </message>
    <message>
        <source>The database server cannot be reached; check the host and port, and that the server is running.</source>
        <translation>无法连接数据库服务器；请检查主机和端口，并确认服务器正在运行。</translation>
    </message>
    <message>
        <source>This file is not a SQLite database.</source>
        <translation>此文件不是 SQLite 数据库。</translation>
    </message>
    <message>
        <source>The database file cannot be opened; check the path and its permissions.</source>
        <translation>无法打开数据库文件；请检查路径及其权限。</translation>
    </message>
    <message>
        <source>The connection to the database server was lost; try again.</source>
        <translation>与数据库服务器的连接已断开；请重试。</translation>
    </message>
    <message>
        <source>The database reported an error; the details are in the log file.</source>
        <translation>数据库报告了错误；详细信息见日志文件。</translation>
    </message>
</context>
<context>
    <name>DeclineDialog</name>
    <message>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>内部备注</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>{0} — {1}.</source>
        <translation>{0} — {1}。</translation>
    </message>
    <message>
        <source>Select an application</source>
        <translation>请选择一笔申请</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>#</source>
        <translation>期次</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>应还金额</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>剩余本金</translation>
    </message>
    <message>
        <source>Total interest {0} · total repayment {1}</source>
        <translation>利息合计 {0} · 还款总额 {1}</translation>
    </message>
    <message>
        <source>Total interest {0} · total repayment {1} · received {2} · comprehensive annual cost {3}</source>
        <translation>利息合计 {0} · 还款总额 {1} · 实际到账 {2} · 综合年化成本 {3}</translation>
    </message>
    <message>
        <source>above the {0} ceiling: these terms cannot be offered</source>
        <translation>超过 {0} 的上限：不能按此条件放款</translation>
    </message>
    <message>
        <source>Recommended by {0}</source>
        <translation>{0} 推荐</translation>
    </message>
    <message>
        <source>Approved by {0}</source>
        <translation>{0} 批准</translation>
    </message>
    <message>
        <source>Declined by {0}</source>
        <translation>{0} 拒绝</translation>
    </message>
    <message>
        <source>Sent back by {0}</source>
        <translation>{0} 退回</translation>
    </message>
    <message>
        <source>Information requested by {0}</source>
        <translation>{0} 要求补充资料</translation>
    </message>
    <message>
        <source>Withdrawn by {0}</source>
        <translation>{0} 撤回</translation>
    </message>
    <message>
        <source>Decision trail</source>
        <translation>决策轨迹</translation>
    </message>
    <message>
        <source>No decision yet.</source>
        <translation>尚无决策。</translation>
    </message>
    <message>
        <source>{0} over {1} months at {2}</source>
        <translation>{0}，{1} 个月，年利率 {2}</translation>
    </message>
    <message>
        <source>Affordability</source>
        <translation>还款能力</translation>
    </message>
    <message>
        <source>Income {0}, existing debt {1}, new installment {2}: DTI &lt;b style=&apos;color:{3}&apos;&gt;{4}&lt;/b&gt; against the limit {5}</source>
        <translation>月收入 {0}，现有月还款 {1}，本笔新增月供 {2}：负债收入比 &lt;b style=&apos;color:{3}&apos;&gt;{4}&lt;/b&gt;，上限 {5}</translation>
    </message>
    <message>
        <source>Existing debt: {0} stated elsewhere + {1} on this platform&apos;s running loans + {2} on offers approved but not paid out</source>
        <translation>现有负债：外部自报 {0} + 本平台在途贷款 {1} + 已批准未放款额度 {2}</translation>
    </message>
    <message>
        <source>No income on file to compare the stated income with.</source>
        <translation>档案中没有收入记录，无法核对申报收入。</translation>
    </message>
    <message>
        <source>Stated income {0} differs from the income on file {1} by {2} (tolerance {3}): check it.</source>
        <translation>申报月收入 {0} 与档案收入 {1} 相差 {2}（容差 {3}）：请核实。</translation>
    </message>
    <message>
        <source>Stated income agrees with the income on file {0} (within {1}).</source>
        <translation>申报月收入与档案收入 {0} 相符（相差在 {1} 以内）。</translation>
    </message>
    <message>
        <source>Balloon: the principal falls due at the end, a final payment of {0} (the DTI counts {1} a month); the borrower must save for it or refinance.</source>
        <translation>气球贷：本金在到期时一次偿还，最后一期需还 {0}（负债收入比按每月 {1} 计）；借款人须为此储备资金或再融资。</translation>
    </message>
    <message>
        <source>Borrowing cap {0}: {1} owed here, {2} left; this application exceeds it by {3}.</source>
        <translation>借款上限 {0}：本平台已欠 {1}，尚余 {2}；本申请超出 {3}。</translation>
    </message>
    <message>
        <source>Borrowing cap {0}: {1} owed here, {2} left; {3} left after this application.</source>
        <translation>借款上限 {0}：本平台已欠 {1}，尚余 {2}；本申请后余 {3}。</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>申请条件</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Underwriter</source>
        <translation>审批员</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>批复条件</translation>
    </message>
    <message>
        <source>Recommended by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <source>Information requested</source>
        <translation>已要求补充资料</translation>
    </message>
    <message>
        <source>Declined for</source>
        <translation>拒绝原因</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>KYC</source>
        <translation>客户身份核验（KYC）</translation>
    </message>
    <message>
        <source>open</source>
        <translation>允许放行</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>已阻止</translation>
    </message>
    <message>
        <source>Scorecard (version {0}): {1} of {2}, grade {3}, PD {4}</source>
        <translation>评分卡（第 {0} 版）：{1} / {2} 分，等级 {3}，违约概率 {4}</translation>
    </message>
    <message>
        <source>Top reasons</source>
        <translation>主要扣分原因</translation>
    </message>
    <message>
        <source>Recommended rate: {0}</source>
        <translation>建议利率：{0}</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
</context>
<context>
    <name>EscalationsDialog</name>
    <message>
        <source>Escalations</source>
        <translation>升级处理</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Escalated to</source>
        <translation>升级至</translation>
    </message>
    <message>
        <source>Why (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Escalate to legal</source>
        <translation>升级至法务</translation>
    </message>
    <message>
        <source>Escalate to agency</source>
        <translation>委托外部机构</translation>
    </message>
    <message>
        <source>legal</source>
        <translation>法务</translation>
    </message>
    <message>
        <source>agency</source>
        <translation>外部机构</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未升级</translation>
    </message>
    <message>
        <source>No case is past the escalation threshold.</source>
        <translation>没有案件超过升级阈值。</translation>
    </message>
    <message>
        <source>Select a case first.</source>
        <translation>请先选择一个案件。</translation>
    </message>
</context>
<context>
    <name>EvidencePreview</name>
    <message>
        <source>Evidence: {0}</source>
        <translation>证明材料：{0}</translation>
    </message>
    <message>
        <source>Warning: this file has been altered in the database since it was uploaded. Its SHA-256 is {0}, but {1} was recorded at upload. Do not rely on it; the event has been recorded in the audit trail.</source>
        <translation>警告：此文件上传后已在数据库中被改动。其 SHA-256 为 {0}，而上传时记录的是 {1}。请勿采信；此事件已记入审计日志。</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} bytes · uploaded by {3} at {4}
SHA-256 {5}</source>
        <translation>{0} · {1} · {2} 字节 · {3} 于 {4} 上传
SHA-256 {5}</translation>
    </message>
    <message>
        <source>This image cannot be displayed.</source>
        <translation>无法显示此图片。</translation>
    </message>
    <message>
        <source>This Qt build cannot show PDF pages inside the client.</source>
        <translation>当前 Qt 版本无法在客户端内显示 PDF 页面。</translation>
    </message>
    <message>
        <source>Open in the system PDF viewer</source>
        <translation>用系统 PDF 阅读器打开</translation>
    </message>
    <message>
        <source>This PDF cannot be displayed (damaged or not a PDF).</source>
        <translation>无法显示此 PDF（文件已损坏或不是 PDF）。</translation>
    </message>
    <message>
        <source>Pages: {0}</source>
        <translation>页数：{0}</translation>
    </message>
</context>
<context>
    <name>ImportResultDialog</name>
    <message>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>{0} imported, {1} already imported before, {2} rejected</source>
        <translation>已导入 {0} 条，之前已导入 {1} 条，拒绝 {2} 条</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>之前已导入</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>External id</source>
        <translation>外部编号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>The file was read as {0}.</source>
        <translation>文件按 {0} 编码读取。</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>customer id</source>
        <translation>客户 ID</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>新建申请</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Monthly income</source>
        <translation>月收入</translation>
    </message>
    <message>
        <source>Existing monthly debt payments</source>
        <translation>现有每月还款额</translation>
    </message>
    <message>
        <source>Bureau score</source>
        <translation>征信评分</translation>
    </message>
    <message>
        <source>Open accounts</source>
        <translation>未结清账户数</translation>
    </message>
    <message>
        <source>Delinquencies (24 months)</source>
        <translation>逾期次数（24 个月）</translation>
    </message>
    <message>
        <source>Inquiries (6 months)</source>
        <translation>查询次数（6 个月）</translation>
    </message>
    <message>
        <source>customer number (C00000047) or name</source>
        <translation>客户编号(C00000047)或姓名</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Customer kind</source>
        <translation>客户类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
</context>
<context>
    <name>KycBlacklist</name>
    <message>
        <source>ID number / credit code</source>
        <translation>证件号 / 统一社会信用代码</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>KycChecklist</name>
    <message>
        <source>Pending</source>
        <translation>待提交</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Waived</source>
        <translation>已豁免</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>重新提交</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>续期</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <source>Why is this item rejected? The reason is shown to whoever resubmits.</source>
        <translation>为什么驳回此项目？原因将显示给重新提交的人。</translation>
    </message>
    <message>
        <source>Request waiver…</source>
        <translation>申请豁免…</translation>
    </message>
    <message>
        <source>Why should this item be waived? A second user must approve.</source>
        <translation>为什么应豁免此项目？需由另一位用户批准。</translation>
    </message>
    <message>
        <source>Approve waiver</source>
        <translation>批准豁免</translation>
    </message>
    <message>
        <source>Decline waiver…</source>
        <translation>拒绝豁免…</translation>
    </message>
    <message>
        <source>Why is the waiver declined?</source>
        <translation>为什么拒绝豁免？</translation>
    </message>
</context>
<context>
    <name>KycPage</name>
    <message>
        <source>All work</source>
        <translation>全部待办</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>Individuals</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Businesses</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Take next</source>
        <translation>领取下一份</translation>
    </message>
    <message>
        <source>Claim the oldest free checklist ({0})</source>
        <translation>领取最早的未认领核查清单 ({0})</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source> (scroll for more)</source>
        <translation>（滚动查看更多）</translation>
    </message>
    <message>
        <source>{0} checklists{1}</source>
        <translation>{0} 份核查清单{1}</translation>
    </message>
    <message>
        <source>Nothing left in the queue for this filter.</source>
        <translation>此筛选条件下队列已无待办。</translation>
    </message>
    <message>
        <source>Checklist given back to the queue.</source>
        <translation>核查清单已退回队列。</translation>
    </message>
    <message>
        <source>Checklists</source>
        <translation>核查清单</translation>
    </message>
    <message>
        <source>Give the checklist you claimed back to the queue</source>
        <translation>将您领取的核查清单退回队列</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>Screening matches</source>
        <translation>筛查疑似命中</translation>
    </message>
</context>
<context>
    <name>KycQueue</name>
    <message>
        <source>To verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>Rejected, awaiting resubmission</source>
        <translation>已驳回，待重新提交</translation>
    </message>
    <message>
        <source>Expired, awaiting fresh evidence</source>
        <translation>已过期，待补充新材料</translation>
    </message>
    <message>
        <source>Expiring within 30 days</source>
        <translation>30 天内到期</translation>
    </message>
    <message>
        <source>Incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Customer no.</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <source>Waiting since / due</source>
        <translation>等待起始 / 到期</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>核查清单</translation>
    </message>
    <message>
        <source>Worked by</source>
        <translation>处理人</translation>
    </message>
</context>
<context>
    <name>KycTemplates</name>
    <message>
        <source>Chinese label</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Resident ID check digit</source>
        <translation>身份证校验码</translation>
    </message>
    <message>
        <source>Credit code check character</source>
        <translation>统一社会信用代码校验码</translation>
    </message>
    <message>
        <source>Mobile number format</source>
        <translation>手机号格式</translation>
    </message>
    <message>
        <source>Bank card Luhn check</source>
        <translation>银行卡 Luhn 校验</translation>
    </message>
    <message>
        <source>Sanctions / PEP screening</source>
        <translation>制裁 / PEP 筛查</translation>
    </message>
    <message>
        <source>Internal blacklist</source>
        <translation>内部黑名单</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必需</translation>
    </message>
    <message>
        <source>Evidence required</source>
        <translation>需要证明材料</translation>
    </message>
    <message>
        <source>Valid for (days)</source>
        <translation>有效期（天）</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>核实角色</translation>
    </message>
    <message>
        <source>Automatic check</source>
        <translation>自动校验</translation>
    </message>
</context>
<context>
    <name>LogContactDialog</name>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>e.g. 1200.00</source>
        <translation>例如 1200.00</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Person reached</source>
        <translation>联系对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Promised amount</source>
        <translation>承诺金额</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺还款日</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Checking the contact rules…</source>
        <translation>正在检查联系规则…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>p2pdesk — log in</source>
        <translation>p2pdesk — 登录</translation>
    </message>
    <message>
        <source>p2pdesk back office</source>
        <translation>p2pdesk 后台管理</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Connection…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>Demo database. Log in as one of: {0}. Password: {1}</source>
        <translation>演示数据库。可用以下任一用户登录：{0}。密码：{1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>p2pdesk — {0}</source>
        <translation>p2pdesk — {0}</translation>
    </message>
    <message>
        <source>No desk for your role</source>
        <translation>您的角色没有可用的工作台</translation>
    </message>
    <message>
        <source>Your roles do not include any of the desks. Ask an administrator.</source>
        <translation>您的角色不包含任何工作台。请联系管理员。</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Enter your password to continue.</source>
        <translation>请输入密码以继续。</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Find a customer: name, phone, ID number or customer number</source>
        <translation>查找客户：姓名、电话、证件号码或客户号</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Personal data hidden</source>
        <translation>个人敏感信息已隐藏</translation>
    </message>
    <message>
        <source>User: {0}</source>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <source>Role: {0}</source>
        <translation>角色：{0}</translation>
    </message>
    <message>
        <source>Database: {0} · {1}</source>
        <translation>数据库：{0} · {1}</translation>
    </message>
    <message>
        <source>Business date: {0}</source>
        <translation>营业日：{0}</translation>
    </message>
    <message>
        <source>Security alerts in the last 24 hours: {0}</source>
        <translation>过去 24 小时的安全警报：{0}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No customer matches.</source>
        <translation>没有匹配的客户。</translation>
    </message>
    <message>
        <source>Back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>SQLite databases (*.db)</source>
        <translation>SQLite 数据库 (*.db)</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up to {0} ({1} KB).</source>
        <translation>已备份到 {0}（{1} KB）。</translation>
    </message>
    <message>
        <source>About p2pdesk</source>
        <translation>关于 p2pdesk</translation>
    </message>
    <message>
        <source>The language changes the next time p2pdesk starts.</source>
        <translation>语言将在下次启动 p2pdesk 时生效。</translation>
    </message>
    <message>
        <source>p2pdesk</source>
        <translation>p2pdesk</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;p2pdesk {0}&lt;/h3&gt;&lt;p&gt;Back office for a peer-to-peer lending platform.&lt;/p&gt;&lt;p&gt;Qt {1} · PySide6 {2} · SQLAlchemy {3} · Python {4}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;p2pdesk {0}&lt;/h3&gt;&lt;p&gt;网络借贷平台后台管理系统。&lt;/p&gt;&lt;p&gt;Qt {1} · PySide6 {2} · SQLAlchemy {3} · Python {4}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Personal data is open on this workstation.</source>
        <translation>本工作站已可查看个人敏感信息。</translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
</context>
<context>
    <name>MasterKeyDialog</name>
    <message>
        <source>Choose a passphrase to wrap the key with.</source>
        <translation>请设置用于包装密钥的口令。</translation>
    </message>
    <message>
        <source>Passphrase that wraps the key</source>
        <translation>包装密钥的口令</translation>
    </message>
    <message>
        <source>Paste the master key that “p2pdesk init” printed, or that an administrator showed on another workstation. This workstation has no keyring: the key is kept in a file wrapped by the passphrase you choose, asked at each start.</source>
        <translation>粘贴“p2pdesk init”打印的主密钥，或管理员在另一工作站上显示的主密钥。本工作站没有密钥环：密钥将保存在由您设置的口令包装的文件中，每次启动时询问口令。</translation>
    </message>
    <message>
        <source>The master key comes from the P2PDESK_MASTER_KEY environment variable; it is not stored on this workstation.</source>
        <translation>主密钥来自环境变量 P2PDESK_MASTER_KEY，未保存在本工作站上。</translation>
    </message>
    <message>
        <source>The master key is in an unprotected plaintext file beside the database. Enter a passphrase at the next start to wrap it and delete the file.</source>
        <translation>主密钥保存在数据库旁未受保护的明文文件中。请在下次启动时输入口令，以包装密钥并删除该文件。</translation>
    </message>
    <message>
        <source>The master key is kept in a file on this workstation, wrapped by a passphrase (this workstation has no keyring).</source>
        <translation>主密钥保存在本工作站的文件中，并由口令包装（本工作站没有密钥环）。</translation>
    </message>
    <message>
        <source>The master key is kept in this workstation's keyring.</source>
        <translation>主密钥保存在本工作站的密钥环中。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Open personal data</source>
        <translation>开启个人敏感信息(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Show this workstation's master key</source>
        <translation>显示本工作站的主密钥(&amp;S)</translation>
    </message>
    <message>
        <source>Checking the key…</source>
        <translation>正在核对密钥…</translation>
    </message>
    <message>
        <source>Enter the master key on this workstation</source>
        <translation>在本工作站输入主密钥</translation>
    </message>
    <message>
        <source>Enter this key on the other workstation in Admin &gt; Master key.</source>
        <translation>请在另一台工作站的“管理 &gt; 主密钥”中输入此密钥。</translation>
    </message>
    <message>
        <source>Enter your password to show the key.</source>
        <translation>请输入您的密码以显示密钥。</translation>
    </message>
    <message>
        <source>Give the key to another workstation</source>
        <translation>将密钥提供给另一台工作站</translation>
    </message>
    <message>
        <source>Master key</source>
        <translation>主密钥</translation>
    </message>
    <message>
        <source>Master key (base64)</source>
        <translation>主密钥（base64）</translation>
    </message>
    <message>
        <source>Paste the master key that “p2pdesk init” printed, or that an administrator showed on another workstation. It is checked against this database and kept in this workstation's keyring.</source>
        <translation>粘贴“p2pdesk init”输出的主密钥，或管理员在另一台工作站上显示的主密钥。系统会用本数据库核对该密钥，并将其保存在本工作站的系统钥匙串中。</translation>
    </message>
    <message>
        <source>Personal data is hidden on this workstation: it does not hold this database's master key.</source>
        <translation>本工作站已隐藏个人敏感信息：它没有本数据库的主密钥。</translation>
    </message>
    <message>
        <source>Personal data is open on this workstation.</source>
        <translation>本工作站已可查看个人敏感信息。</translation>
    </message>
    <message>
        <source>The key is accepted and kept on this workstation. Personal data is open; searches by phone, ID number and bank card work now.</source>
        <translation>密钥已接受并保存在本工作站。个人敏感信息已开启，现在可以按手机号、证件号码和银行卡号搜索。</translation>
    </message>
    <message>
        <source>The key is copied to the clipboard.</source>
        <translation>密钥已复制到剪贴板。</translation>
    </message>
    <message>
        <source>This is not a master key. Paste the whole key: 44 characters ending in “=”.</source>
        <translation>这不是主密钥。请粘贴完整的密钥：44 个字符，以“=”结尾。</translation>
    </message>
    <message>
        <source>Type your password to show this workstation's master key. Each showing is recorded in the audit trail; give the key only to an administrator.</source>
        <translation>输入您的密码以显示本工作站的主密钥。每次显示都会记入审计日志；只能将密钥交给管理员。</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Applications</source>
        <translation>贷款申请</translation>
    </message>
    <message>
        <source>KYC</source>
        <translation>客户尽调</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>催收</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Reset the password of {0}</source>
        <translation>重置 {0} 的密码</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>The user must change it at the next login.</source>
        <translation>用户下次登录时必须修改密码。</translation>
    </message>
</context>
<context>
    <name>PhonePaymentDialog</name>
    <message>
        <source>Payment taken by phone</source>
        <translation>电话收款</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Receipt reference</source>
        <translation>收款凭证号</translation>
    </message>
    <message>
        <source>Enter the receipt reference.</source>
        <translation>请输入收款凭证号。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign case {0}</source>
        <translation>重新分配案件 {0}</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>催收员</translation>
    </message>
    <message>
        <source>(keep the case&apos;s team)</source>
        <translation>（保留案件原团队）</translation>
    </message>
    <message>
        <source>(team pool, no agent)</source>
        <translation>（团队公共池，不指定催收员）</translation>
    </message>
</context>
<context>
    <name>RecordScreeningDialog</name>
    <message>
        <source>Record screening run</source>
        <translation>记录筛查</translation>
    </message>
    <message>
        <source>One potential match per line: name, then details after a colon</source>
        <translation>每行一个疑似匹配：先写名称，冒号后写详情</translation>
    </message>
    <message>
        <source>List:</source>
        <translation>名单：</translation>
    </message>
    <message>
        <source>Potential matches:</source>
        <translation>疑似匹配：</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Underwriter</source>
        <translation>审批员</translation>
    </message>
    <message>
        <source>Senior underwriter</source>
        <translation>高级审批员</translation>
    </message>
    <message>
        <source>KYC officer</source>
        <translation>尽调专员</translation>
    </message>
    <message>
        <source>Collections agent</source>
        <translation>催收员</translation>
    </message>
    <message>
        <source>Collections supervisor</source>
        <translation>催收主管</translation>
    </message>
    <message>
        <source>Support agent</source>
        <translation>客服专员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
</context>
<context>
    <name>RolesBox</name>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>RunnerDialog</name>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
</context>
<context>
    <name>ScreeningBox</name>
    <message>
        <source>Screening</source>
        <translation>筛查</translation>
    </message>
    <message>
        <source>List / match</source>
        <translation>名单 / 匹配</translation>
    </message>
    <message>
        <source>Date / status</source>
        <translation>日期 / 状态</translation>
    </message>
    <message>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Details / reason</source>
        <translation>详情 / 原因</translation>
    </message>
    <message>
        <source>Record run…</source>
        <translation>记录筛查…</translation>
    </message>
    <message>
        <source>Confirmed hit…</source>
        <translation>确认命中…</translation>
    </message>
    <message>
        <source>False positive…</source>
        <translation>误报…</translation>
    </message>
    <message>
        <source>no hit</source>
        <translation>未命中</translation>
    </message>
    <message>
        <source>potential match</source>
        <translation>疑似匹配</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <source>CONFIRMED HIT</source>
        <translation>确认命中</translation>
    </message>
    <message>
        <source>false positive</source>
        <translation>误报</translation>
    </message>
    <message>
        <source>Why is this a confirmed hit? Lending stays blocked.</source>
        <translation>为什么确认命中？放款将保持冻结。</translation>
    </message>
    <message>
        <source>Why is this a false positive?</source>
        <translation>为什么是误报？</translation>
    </message>
    <message>
        <source>Review match</source>
        <translation>复核匹配</translation>
    </message>
</context>
<context>
    <name>RevealReasonDialog</name>
    <message>
        <source>Customer verification call</source>
        <translation>客户身份核实来电</translation>
    </message>
    <message>
        <source>KYC review</source>
        <translation>KYC 审核</translation>
    </message>
    <message>
        <source>Collections contact</source>
        <translation>催收联系</translation>
    </message>
    <message>
        <source>Complaint handling</source>
        <translation>投诉处理</translation>
    </message>
    <message>
        <source>Other (say why)</source>
        <translation>其他（请说明原因）</translation>
    </message>
    <message>
        <source>Reveal personal data</source>
        <translation>查看个人数据</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>请选择原因…</translation>
    </message>
    <message>
        <source>Why do you need the full value?</source>
        <translation>为什么需要查看完整信息？</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Revealing {0} is recorded in the audit trail with your reason.</source>
        <translation>查看{0}将连同您的原因记入审计日志。</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>说明：</translation>
    </message>
</context>
<context>
    <name>ServiceMessages</name>
    <message>
        <source>{0} row {1}: the stored {2} does not decrypt under its own row and column (altered, copied from another row, or written under another key); it is not shown.</source>
        <translation>{0} 第 {1} 行：所存的 {2} 无法按其所属的行和列解密（已被篡改、从其他行复制，或以其他密钥写入），不予显示。</translation>
    </message>
    <message>
        <source>The master key of this database was changed since this workstation opened personal data. Log out and in again (an administrator gives this workstation the new key: Admin &gt; Master key).</source>
        <translation>自本工作站开启个人敏感信息以来，此数据库的主密钥已更换。请注销后重新登录（管理员可通过“管理 &gt; 主密钥”为本工作站提供新密钥）。</translation>
    </message>
    <message>
        <source>{0} was disbursed on {1}; only a disbursement of the business day ({2}) can be reversed.</source>
        <translation>{0} 于 {1} 放款；只能撤销当前营业日（{2}）的放款。</translation>
    </message>
    <message>
        <source>Payment {0} was posted on {1}; its disbursement cannot be reversed.</source>
        <translation>{1} 已入账还款 {0}，不能撤销放款。</translation>
    </message>
    <message>
        <source>Four eyes: you ({0}) asked for this reversal; another person approves it.</source>
        <translation>双人复核：撤销由您（{0}）申请，须由另一人批准。</translation>
    </message>
    <message>
        <source>Four eyes: you ({0}) disbursed {1}; another person approves its reversal.</source>
        <translation>双人复核：{1} 由您（{0}）放款，其撤销须由另一人批准。</translation>
    </message>
    <message>
        <source>A reversal of {0} is already waiting for a second person.</source>
        <translation>{0} 的撤销申请已在等待第二人审批。</translation>
    </message>
    <message>
        <source>The master-key passphrase is wrong.</source>
        <translation>主密钥口令错误。</translation>
    </message>
    <message>
        <source>The master-key passphrase must have at least {0} characters.</source>
        <translation>主密钥口令至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This account is deactivated. Ask an administrator.</source>
        <translation>此账户已停用。请联系管理员。</translation>
    </message>
    <message>
        <source>This account is locked after {0} failed logins. Try again in {1} minutes or ask an administrator.</source>
        <translation>此账户因 {0} 次登录失败已被锁定。请 {1} 分钟后重试，或联系管理员。</translation>
    </message>
    <message>
        <source>Wrong password. The account is now locked for {0} minutes.</source>
        <translation>密码错误。账户现已锁定 {0} 分钟。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <source>The password is wrong.</source>
        <translation>密码错误。</translation>
    </message>
    <message>
        <source>The password must be at least {0} characters long.</source>
        <translation>密码长度至少为 {0} 个字符。</translation>
    </message>
    <message>
        <source>The password must not start or end with spaces.</source>
        <translation>密码开头和结尾不能是空格。</translation>
    </message>
    <message>
        <source>This key does not open this database's personal data; check that it is the master key of this database.</source>
        <translation>此密钥无法开启本数据库的个人敏感信息；请确认它是本数据库的主密钥。</translation>
    </message>
    <message>
        <source>This workstation does not hold the master key of this database.</source>
        <translation>本工作站没有本数据库的主密钥。</translation>
    </message>
    <message>
        <source>You have revealed {0} personal data values in the last hour, the most allowed. An administrator has been alerted.</source>
        <translation>您在过去一小时内已查看 {0} 项个人数据，已达上限。已通知管理员。</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>must be 17 digits followed by a digit or X</source>
        <translation>应为 17 位数字，末位为数字或 X</translation>
    </message>
    <message>
        <source>contains an impossible birth date</source>
        <translation>所含出生日期不存在</translation>
    </message>
    <message>
        <source>contains a birth date in the future</source>
        <translation>所含出生日期晚于今天</translation>
    </message>
    <message>
        <source>has a wrong check digit (the last character, GB 11643)</source>
        <translation>校验码（最后一位）不正确（GB 11643）</translation>
    </message>
    <message>
        <source>has an unknown region code (the first six digits)</source>
        <translation>地区代码（前六位）不存在</translation>
    </message>
    <message>
        <source>must be 18 characters from 0-9 and A-Y (no I, O, S, V, Z)</source>
        <translation>应为 18 位，由 0-9 和 A-Y 组成（不含 I、O、S、V、Z）</translation>
    </message>
    <message>
        <source>has a wrong check character (the last one, GB 32100)</source>
        <translation>校验码（最后一位）不正确（GB 32100）</translation>
    </message>
    <message>
        <source>is not a bank card number: 12 to 19 digits passing the Luhn check</source>
        <translation>不是有效的银行卡号：应为 12 至 19 位数字并通过 Luhn 校验</translation>
    </message>
    <message>
        <source>is not a mainland China mobile number (11 digits from 13 to 19, +86 allowed)</source>
        <translation>不是中国大陆手机号（以 13 至 19 开头的 11 位数字，可带 +86）</translation>
    </message>
    <message>
        <source>birth date {0} is in the future</source>
        <translation>出生日期 {0} 晚于今天</translation>
    </message>
    <message>
        <source>birth date {0} makes the borrower {1}, under {2}</source>
        <translation>出生日期 {0} 表明借款人 {1} 岁，未满 {2} 岁</translation>
    </message>
    <message>
        <source>birth date {0} makes the borrower {1}, over {2}</source>
        <translation>出生日期 {0} 表明借款人 {1} 岁，超过 {2} 岁</translation>
    </message>
    <message>
        <source>resident ID</source>
        <translation>居民身份证号码</translation>
    </message>
    <message>
        <source>unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>SupervisorBoard</name>
    <message>
        <source>Agent&apos;s note</source>
        <translation>催收员备注</translation>
    </message>
    <message>
        <source>DPD</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>账龄</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>催收员</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>联系次数</translation>
    </message>
    <message>
        <source>Right-party contacts</source>
        <translation>联系到本人</translation>
    </message>
    <message>
        <source>Promises made</source>
        <translation>承诺次数</translation>
    </message>
    <message>
        <source>Promises kept</source>
        <translation>兑现承诺</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>回收金额</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Approve arrangement</source>
        <translation>批准还款安排</translation>
    </message>
    <message>
        <source>Reject arrangement</source>
        <translation>拒绝还款安排</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open cases by bucket and agent</source>
        <translation>按账龄和催收员统计的未结案件</translation>
    </message>
    <message>
        <source>Today per agent</source>
        <translation>今日各催收员业绩</translation>
    </message>
    <message>
        <source>Arrangements waiting for approval</source>
        <translation>待审批的还款安排</translation>
    </message>
    <message>
        <source>(team pool)</source>
        <translation>（团队公共池）</translation>
    </message>
    <message>
        <source>Select an arrangement first.</source>
        <translation>请先选择一项还款安排。</translation>
    </message>
    <message>
        <source>Arrangement approved.</source>
        <translation>还款安排已批准。</translation>
    </message>
    <message>
        <source>Arrangement rejected.</source>
        <translation>还款安排已拒绝。</translation>
    </message>
    <message>
        <source>Arrangement</source>
        <translation>还款安排</translation>
    </message>
</context>
<context>
    <name>SuspenseDialog</name>
    <message>
        <source>Match suspense payments</source>
        <translation>匹配待处理款项</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Contract given</source>
        <translation>银行提供的合同号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Value date</source>
        <translation>起息日</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <source>Contract number (or its beginning)</source>
        <translation>合同号（或其开头部分）</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Match to the selected contract</source>
        <translation>匹配到所选合同</translation>
    </message>
    <message>
        <source>Unmatched payments</source>
        <translation>未匹配款项</translation>
    </message>
    <message>
        <source>Nothing is waiting in suspense.</source>
        <translation>没有待匹配的款项。</translation>
    </message>
    <message>
        <source>No contract starts with that.</source>
        <translation>没有以此开头的合同。</translation>
    </message>
    <message>
        <source>Select a payment and a contract first.</source>
        <translation>请先选择一笔款项和一个合同。</translation>
    </message>
    <message>
        <source>{0} posted to {1}.</source>
        <translation>{0} 已入账至 {1}。</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Something went wrong ({0}); the details are in the log file.</source>
        <translation>出现了问题（{0}）；详细信息见日志文件。</translation>
    </message>
</context>
<context>
    <name>TeamsDialog</name>
    <message>
        <source>Teams and bucket routing</source>
        <translation>团队与账龄分案</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Name of the new team</source>
        <translation>新团队名称</translation>
    </message>
    <message>
        <source>Create team</source>
        <translation>创建团队</translation>
    </message>
    <message>
        <source>New team</source>
        <translation>新团队</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>账龄</translation>
    </message>
    <message>
        <source>Cases go to</source>
        <translation>案件分配给</translation>
    </message>
    <message>
        <source>Route bucket</source>
        <translation>设置分案</translation>
    </message>
    <message>
        <source>Bucket routing (applied by the next end of day)</source>
        <translation>账龄分案规则（下一次日终生效）</translation>
    </message>
    <message>
        <source>team pool</source>
        <translation>团队公共池</translation>
    </message>
    <message>
        <source>round robin</source>
        <translation>轮流分配</translation>
    </message>
    <message>
        <source>Create a team first.</source>
        <translation>请先创建一个团队。</translation>
    </message>
</context>
<context>
    <name>TemplateEditorDialog</name>
    <message>
        <source>KYC checklist templates</source>
        <translation>KYC 核查清单模板</translation>
    </message>
    <message>
        <source>Customer type:</source>
        <translation>客户类型：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加项目</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Publish as new version</source>
        <translation>发布为新版本</translation>
    </message>
    <message>
        <source>Publishing adds the next version and makes it the one new checklists use. Checklists opened before keep the version they were made from.</source>
        <translation>发布会新增下一个版本，新建的核查清单将使用该版本；此前已建立的核查清单保留其原有版本。</translation>
    </message>
    <message>
        <source>Version {0} · {1}</source>
        <translation>版本 {0} · {1}</translation>
    </message>
    <message>
        <source> (in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message>
        <source>Version {0} published. New checklists use it.</source>
        <translation>版本 {0} 已发布，新建的核查清单将使用它。</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
</context>
<context>
    <name>TicketsPage</name>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>This desk arrives with issue 7: call logs and tickets with SLA clocks.</source>
        <translation>此工作台将在第 7 号需求中提供：通话记录与带服务时限的工单。</translation>
    </message>
    <message>
        <source>My tickets</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <source>My team&apos;s</source>
        <translation>本组工单</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <source>Breaching soon</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Escalated to me</source>
        <translation>升级给我的</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>全部未结</translation>
    </message>
    <message>
        <source>Due first</source>
        <translation>按到期排序</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新优先</translation>
    </message>
    <message>
        <source>Search subject, notes or ticket number</source>
        <translation>搜索主题、备注或工单编号</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Export complaints…</source>
        <translation>导出投诉…</translation>
    </message>
    <message>
        <source>Log a &amp;call</source>
        <translation>记录来电(&amp;C)</translation>
    </message>
    <message>
        <source>Take next</source>
        <translation>领取下一个</translation>
    </message>
    <message>
        <source>New ticket…</source>
        <translation>新建工单…</translation>
    </message>
    <message>
        <source>Taking the next ticket…</source>
        <translation>正在领取下一个工单…</translation>
    </message>
    <message>
        <source>No ticket is waiting in your teams&apos; queues.</source>
        <translation>您所在团队的队列中没有待处理的工单。</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>p2pdesk — locked</source>
        <translation>p2pdesk — 已锁定</translation>
    </message>
    <message>
        <source>The window was locked after a period without use. Enter the password of {0} to continue.</source>
        <translation>窗口因一段时间未使用已锁定。请输入 {0} 的密码以继续。</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Switch user</source>
        <translation>切换用户(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>The window is locked. Enter the password of {0} to continue.</source>
        <translation>窗口已锁定。请输入 {0} 的密码以继续。</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>Upgrade the database?</source>
        <translation>升级数据库？</translation>
    </message>
    <message>
        <source>{0}

Back up the database first. Upgrade it now? Every workstation then needs this client version.</source>
        <translation>{0}

请先备份数据库。现在升级吗？升级后每台工作站都需要使用此版本的客户端。</translation>
    </message>
    <message>
        <source>An administrator's login is needed to upgrade the database.</source>
        <translation>升级数据库需要管理员登录。</translation>
    </message>
</context>
<context>
    <name>UserFormDialog</name>
    <message>
        <source>Service account: runs commands, cannot log in to the client</source>
        <translation>服务账户：只运行命令，不能登录客户端</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新用户</translation>
    </message>
    <message>
        <source>Roles of {0}</source>
        <translation>{0} 的角色</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Initial password:</source>
        <translation>初始密码：</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>A&amp;pprove</source>
        <translation>批准(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>驳回(&amp;J)</translation>
    </message>
    <message>
        <source>The change to {0} is approved.</source>
        <translation>对 {0} 的变更已批准。</translation>
    </message>
    <message>
        <source>The change to {0} is rejected.</source>
        <translation>对 {0} 的变更已驳回。</translation>
    </message>
    <message>
        <source>{0} is created; another administrator must approve it.</source>
        <translation>{0} 已创建；须由另一位管理员批准后生效。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>&amp;New user…</source>
        <translation>新建用户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Roles…</source>
        <translation>角色(&amp;R)…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>重新启用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>{0} is deactivated.</source>
        <translation>{0} 已停用。</translation>
    </message>
    <message>
        <source>{0} is active again.</source>
        <translation>{0} 已重新启用。</translation>
    </message>
    <message>
        <source>{0} is unlocked.</source>
        <translation>{0} 已解锁。</translation>
    </message>
    <message>
        <source>{0} is created.</source>
        <translation>{0} 已创建。</translation>
    </message>
    <message>
        <source>The roles of {0} are changed.</source>
        <translation>{0} 的角色已修改。</translation>
    </message>
    <message>
        <source>The password of {0} is reset.</source>
        <translation>{0} 的密码已重置。</translation>
    </message>
</context>
<context>
    <name>UsersTable</name>
    <message>
        <source>New, waiting for approval: {0}</source>
        <translation>新建，待批准：{0}</translation>
    </message>
    <message>
        <source>Roles waiting for approval: {0}</source>
        <translation>待批准的角色：{0}</translation>
    </message>
    <message>
        <source>Service account</source>
        <translation>服务账户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <source>&amp;Add file…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Attaching…</source>
        <translation>正在添加附件…</translation>
    </message>
</context>
<context>
    <name>CallDock</name>
    <message>
        <source>Call</source>
        <translation>来电</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Loan</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>No loan</source>
        <translation>不涉及借款</translation>
    </message>
    <message>
        <source>not on file</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>hidden (no key)</source>
        <translation>已隐藏(无密钥)</translation>
    </message>
    <message>
        <source>{0} · DPD {1}</source>
        <translation>{0} · 逾期 {1} 天</translation>
    </message>
    <message>
        <source>Caller&apos;s phone number, ID number or name</source>
        <translation>来电人手机号、身份证号或姓名</translation>
    </message>
    <message>
        <source>Full name matches</source>
        <translation>姓名一致</translation>
    </message>
    <message>
        <source>Date of birth matches</source>
        <translation>出生日期一致</translation>
    </message>
    <message>
        <source>Last 4 of ID number match</source>
        <translation>身份证后四位一致</translation>
    </message>
    <message>
        <source>Registered address matches</source>
        <translation>登记地址一致</translation>
    </message>
    <message>
        <source>An answer was wrong</source>
        <translation>有回答不正确</translation>
    </message>
    <message>
        <source>Optional: the first line of the notes</source>
        <translation>可不填：默认取记录的第一行</translation>
    </message>
    <message>
        <source>&amp;Save call</source>
        <translation>保存通话(&amp;S)</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电人</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>No customer found; the call is saved without one.</source>
        <translation>未找到客户；通话将不关联客户保存。</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>未核验</translation>
    </message>
    <message>
        <source>Saved to {0} ({1}).</source>
        <translation>已保存到 {0}（{1}）。</translation>
    </message>
</context>
<context>
    <name>ComplaintExportDialog</name>
    <message>
        <source>Export the complaint register</source>
        <translation>导出投诉登记簿</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>导出 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>受理日期自</translation>
    </message>
    <message>
        <source>Received to</source>
        <translation>受理日期至</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save the complaint register</source>
        <translation>保存投诉登记簿</translation>
    </message>
    <message>
        <source>The end of the period is before its start.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>%n complaint(s) written.</source>
        <translation>
            <numerusform>已写入 %n 条投诉。</numerusform>
        </translation>
    </message>
    <message>
        <source>File: {0}</source>
        <translation>文件：{0}</translation>
    </message>
</context>
<context>
    <name>CustomerOverview</name>
    <message>
        <source>repaying</source>
        <translation>还款中</translation>
    </message>
    <message>
        <source>paid off</source>
        <translation>已结清</translation>
    </message>
    <message>
        <source>written off</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>disbursement reversed</source>
        <translation>放款已冲正</translation>
    </message>
    <message>
        <source>{0} owed · {1} days past due · {2} · {3}</source>
        <translation>待还 {0} · 逾期 {1} 天 · {2} · {3}</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} days past due</source>
        <translation>{0} · {1} · 逾期 {2} 天</translation>
    </message>
    <message>
        <source>{0} (ticket {1})</source>
        <translation>{0}（工单 {1}）</translation>
    </message>
    <message>
        <source>No checklist</source>
        <translation>无核查清单</translation>
    </message>
    <message>
        <source>KYC</source>
        <translation>KYC</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>Collection case</source>
        <translation>催收案件</translation>
    </message>
    <message>
        <source>Open applications</source>
        <translation>进行中的申请</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>暂停催收</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Open customer page</source>
        <translation>打开客户页面</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>Phone {0} · ID {1} · {2}</source>
        <translation>手机 {0} · 证件 {1} · {2}</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Mid-application</source>
        <translation>申请进行中</translation>
    </message>
    <message>
        <source>KYC not complete</source>
        <translation>KYC 未完成</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Collection holds</source>
        <translation>催收暂停</translation>
    </message>
    <message>
        <source>{0}: collections contact paused since {1}</source>
        <translation>{0}：自 {1} 起暂停催收联系</translation>
    </message>
    <message>
        <source>{0}: collections paused</source>
        <translation>{0}：催收已暂停</translation>
    </message>
</context>
<context>
    <name>SlaAdminDialog</name>
    <message>
        <source>SLA calendar and targets</source>
        <translation>SLA 日历与时限</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Save calendar</source>
        <translation>保存日历</translation>
    </message>
    <message>
        <source>Business calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Work days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Name, e.g. Spring Festival</source>
        <translation>名称，例如：春节</translation>
    </message>
    <message>
        <source>Add holiday</source>
        <translation>添加节假日</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>First response (min)</source>
        <translation>首次响应（分钟）</translation>
    </message>
    <message>
        <source>Resolution (min)</source>
        <translation>解决（分钟）</translation>
    </message>
    <message>
        <source>Amber at % left</source>
        <translation>剩余 % 时转黄</translation>
    </message>
    <message>
        <source>Save targets</source>
        <translation>保存时限</translation>
    </message>
    <message>
        <source>Targets per priority (business minutes)</source>
        <translation>各优先级时限（工作分钟）</translation>
    </message>
    <message>
        <source>The business calendar is saved.</source>
        <translation>工作日历已保存。</translation>
    </message>
    <message>
        <source>Holidays are saved.</source>
        <translation>节假日已保存。</translation>
    </message>
    <message>
        <source>The targets are saved.</source>
        <translation>时限已保存。</translation>
    </message>
</context>
<context>
    <name>TicketDetailPane</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Fill the note with a canned response</source>
        <translation>用常用回复填写备注</translation>
    </message>
    <message>
        <source>Note, reply to the customer, or why the status changes</source>
        <translation>备注、给客户的回复，或状态变更原因</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <source>Note to customer</source>
        <translation>回复客户</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Pending internal</source>
        <translation>等待内部</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Select a ticket.</source>
        <translation>请选择一个工单。</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} · {3} · {4}</source>
        <translation>{0} · {1} · {2} · {3} · {4}</translation>
    </message>
    <message>
        <source>SLA paused (waiting on the customer)</source>
        <translation>SLA 已暂停（等待客户）</translation>
    </message>
    <message>
        <source>SLA stopped</source>
        <translation>SLA 已停止</translation>
    </message>
    <message>
        <source>Time left: {0}</source>
        <translation>剩余时间：{0}</translation>
    </message>
    <message>
        <source>escalated to {0}</source>
        <translation>已升级至 {0}</translation>
    </message>
    <message>
        <source>Canned response…</source>
        <translation>常用回复…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>What the customer asks for, in full</source>
        <translation>客户诉求的完整描述</translation>
    </message>
    <message>
        <source>Save description</source>
        <translation>保存描述</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <source>Category, priority, loan…</source>
        <translation>类别、优先级、借款…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>{0} · via {1} · loan {2} · team {3}</source>
        <translation>{0} · 渠道 {1} · 借款 {2} · 团队 {3}</translation>
    </message>
    <message>
        <source>merged into {0}</source>
        <translation>已合并到 {0}</translation>
    </message>
</context>
<context>
    <name>TicketLabels</name>
    <message>
        <source>first response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>{0} → {1}</source>
        <translation>{0} → {1}</translation>
    </message>
    <message>
        <source>now {0}</source>
        <translation>现为{0}</translation>
    </message>
    <message>
        <source>to {0} (team {1})</source>
        <translation>分派给 {0}（{1} 组）</translation>
    </message>
    <message>
        <source>to the queue of team {0}</source>
        <translation>退回 {0} 组队列</translation>
    </message>
    <message>
        <source>inbound call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>outbound call</source>
        <translation>去电</translation>
    </message>
    <message>
        <source>identity verified</source>
        <translation>身份已核实</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>身份未核实</translation>
    </message>
    <message>
        <source>{0}, {1} min, {2}: {3}</source>
        <translation>{0}，{1} 分钟，{2}：{3}</translation>
    </message>
    <message>
        <source>merged into {0}</source>
        <translation>已合并到 {0}</translation>
    </message>
    <message>
        <source>{0} merged into this ticket</source>
        <translation>{0} 已合并到本工单</translation>
    </message>
    <message>
        <source>{0} entries moved</source>
        <translation>移入 {0} 条记录</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>SLA breached ({0}); escalated to {1}</source>
        <translation>超出服务时限（{0}）；已升级给 {1}</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>not a complaint</source>
        <translation>非投诉</translation>
    </message>
    <message>
        <source>root cause: {0}</source>
        <translation>根本原因：{0}</translation>
    </message>
    <message>
        <source>resolution: {0}</source>
        <translation>处理结果：{0}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>priority {0}</source>
        <translation>优先级：{0}</translation>
    </message>
    <message>
        <source>category {0}</source>
        <translation>类别：{0}</translation>
    </message>
    <message>
        <source>tags {0}</source>
        <translation>标签：{0}</translation>
    </message>
    <message>
        <source>loan {0}</source>
        <translation>借款：{0}</translation>
    </message>
    <message>
        <source>description edited</source>
        <translation>已修改描述</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Pending customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Pending internal</source>
        <translation>等待内部</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Repayment question</source>
        <translation>还款咨询</translation>
    </message>
    <message>
        <source>Payoff request</source>
        <translation>提前结清申请</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>争议</translation>
    </message>
    <message>
        <source>Hardship</source>
        <translation>困难申请</translation>
    </message>
    <message>
        <source>Fraud report</source>
        <translation>欺诈举报</translation>
    </message>
    <message>
        <source>Contact-data change</source>
        <translation>联系方式变更</translation>
    </message>
    <message>
        <source>KYC question</source>
        <translation>KYC 咨询</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Callback promised</source>
        <translation>约定回电</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>已掉线</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <source>Note to customer</source>
        <translation>回复客户</translation>
    </message>
    <message>
        <source>Customer reply</source>
        <translation>客户回复</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Inbound call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Outbound call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>到访</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
</context>
<context>
    <name>TicketQueue</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
</context>
<context>
    <name>TicketQueueModel</name>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>MatchQueue</name>
    <message>
        <source> (you)</source>
        <translation>(您)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>List</source>
        <translation>名单</translation>
    </message>
    <message>
        <source>Matched name</source>
        <translation>命中姓名</translation>
    </message>
    <message>
        <source>Open matches close the lending gate until another officer clears them.</source>
        <translation>未处理的疑似命中会关闭放款闸门,须由另一名专员处理。</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Screened on</source>
        <translation>筛查日期</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>Choose a master-key passphrase</source>
        <translation>设置主密钥口令</translation>
    </message>
    <message>
        <source>This computer has no keyring to keep the key that encrypts personal data. Choose a passphrase: the key is stored wrapped by it, and the client asks for it at each start. It is not stored anywhere; without it the personal data cannot be read.</source>
        <translation>本机没有可保存个人敏感信息加密密钥的密钥环。请设置一个口令：密钥将以该口令加密保存，客户端每次启动时都会询问。口令本身不会保存在任何地方；没有它将无法读取个人敏感信息。</translation>
    </message>
    <message>
        <source>At least {0} characters, with at least {1} different ones.</source>
        <translation>至少 {0} 个字符，其中至少 {1} 个互不相同。</translation>
    </message>
    <message>
        <source>&amp;Create the demo database</source>
        <translation>创建演示数据库(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>再次输入(&amp;R)：</translation>
    </message>
    <message>
        <source>The passphrase is too short: at least {0} characters.</source>
        <translation>口令太短：至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>The passphrase is too repetitive: use at least {0} different characters.</source>
        <translation>口令重复字符过多：请至少使用 {0} 个不同的字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>&amp;Open personal data</source>
        <translation>开启个人敏感信息(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>跳过(&amp;S)</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>Master-key passphrase</source>
        <translation>主密钥口令</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>This workstation has no keyring, so the database's master key is kept in a file wrapped by a passphrase. Enter the passphrase to open personal data, or skip to work with personal data hidden.</source>
        <translation>本工作站没有密钥环，因此数据库的主密钥保存在由口令包装的文件中。输入口令以开启个人敏感信息，或跳过并在隐藏个人敏感信息的情况下工作。</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Say why (the reason is kept with the application).</source>
        <translation>请说明原因(原因将随申请保存)。</translation>
    </message>
</context>
<context>
    <name>LiftHold</name>
    <message>
        <source>Cannot lift hold: ticket {0} is not resolved</source>
        <translation>无法解除暂停：工单 {0} 尚未解决</translation>
    </message>
    <message>
        <source>Ticket {0} is not resolved yet; the hold can be lifted once it is.</source>
        <translation>工单 {0} 尚未解决；解决后才能解除暂停。</translation>
    </message>
    <message>
        <source>The ticket is resolved; give a reason to lift the hold.</source>
        <translation>工单已解决；请填写解除暂停的原因。</translation>
    </message>
    <message>
        <source>Lift hold (ticket {0})…</source>
        <translation>解除暂停（工单 {0}）…</translation>
    </message>
    <message>
        <source>Lift hold</source>
        <translation>解除暂停</translation>
    </message>
    <message>
        <source>Why is the hold from ticket {0} lifted?</source>
        <translation>为何解除工单 {0} 引起的暂停?</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>Assign to me</source>
        <translation>分配给我</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <source>Recommend…</source>
        <translation>推荐…</translation>
    </message>
    <message>
        <source>Send back…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Request info…</source>
        <translation>要求补充资料…</translation>
    </message>
    <message>
        <source>Info received</source>
        <translation>资料已收到</translation>
    </message>
    <message>
        <source>Decline…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Fund from pool</source>
        <translation>从出借人池撮合</translation>
    </message>
    <message>
        <source>Disburse</source>
        <translation>放款</translation>
    </message>
    <message>
        <source>Agreement PDF…</source>
        <translation>借款协议 PDF…</translation>
    </message>
    <message>
        <source>Decline letter…</source>
        <translation>拒贷通知书…</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <source>Approve is disabled: {0}</source>
        <translation>无法批准:{0}</translation>
    </message>
    <message>
        <source>Approve only a lower amount: {0}</source>
        <translation>只能批准较低金额：{0}</translation>
    </message>
    <message>
        <source>the application is {0}</source>
        <translation>申请状态为{0}</translation>
    </message>
    <message>
        <source>your role does not decide applications</source>
        <translation>您的角色不能审批申请</translation>
    </message>
    <message>
        <source>{0} is above the four-eyes threshold {1}; recommend it for a senior underwriter</source>
        <translation>{0} 超过双人复核阈值 {1};请推荐给高级审批员</translation>
    </message>
    <message>
        <source>you recommended it; another senior underwriter approves (four eyes)</source>
        <translation>您推荐了该申请;须由另一名高级审批员批准(双人复核)</translation>
    </message>
    <message>
        <source>recommended by {0}; a senior underwriter approves</source>
        <translation>由 {0} 推荐;须由高级审批员批准</translation>
    </message>
    <message>
        <source>KYC blocks approval: {0}</source>
        <translation>KYC 阻止批准:{0}</translation>
    </message>
    <message>
        <source>{0} over the borrowing cap {1} (running loans and approved offers count); at most {2} can be lent</source>
        <translation>超出借款上限 {1} 共 {0}（在途贷款与已批准未放款的额度均计入）；最多还可借 {2}</translation>
    </message>
</context>
<context>
    <name>DecisionHandler</name>
    <message>
        <source>Approved.</source>
        <translation>已批准。</translation>
    </message>
    <message>
        <source>Recommended for a senior underwriter&apos;s approval.</source>
        <translation>已推荐，等待高级审批员批准。</translation>
    </message>
    <message>
        <source>Declined.</source>
        <translation>已拒绝。</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>备注已添加。</translation>
    </message>
    <message>
        <source>Assigned to you.</source>
        <translation>已分配给您。</translation>
    </message>
    <message>
        <source>Assigned to someone else</source>
        <translation>已分配给他人</translation>
    </message>
    <message>
        <source>{0} is assigned to {1}. Decide it anyway?</source>
        <translation>{0} 已分配给 {1}。仍要审批吗?</translation>
    </message>
    <message>
        <source>Recommend for approval / counter-offer</source>
        <translation>推荐审批 / 还价</translation>
    </message>
    <message>
        <source>Send back to review</source>
        <translation>退回审核</translation>
    </message>
    <message>
        <source>Sent back.</source>
        <translation>已退回。</translation>
    </message>
    <message>
        <source>Request information</source>
        <translation>要求补充资料</translation>
    </message>
    <message>
        <source>Information requested.</source>
        <translation>已要求补充资料。</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Back in review.</source>
        <translation>已重新进入审核。</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Term and rate</source>
        <translation>期限与利率</translation>
    </message>
    <message>
        <source>{0} months at {1}</source>
        <translation>{0} 个月,年利率 {1}</translation>
    </message>
    <message>
        <source>Withdraw application</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Withdrawn.</source>
        <translation>已撤回。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Funding</source>
        <translation>出资说明</translation>
    </message>
    <message>
        <source>Investors&apos; cash is reserved pro rata from the pool.</source>
        <translation>按比例冻结资金池中投资人的资金。</translation>
    </message>
    <message>
        <source>Fund from the pool</source>
        <translation>从资金池撮合出资</translation>
    </message>
    <message>
        <source>Fund</source>
        <translation>撮合出资</translation>
    </message>
    <message>
        <source>Funded.</source>
        <translation>已完成撮合。</translation>
    </message>
    <message>
        <source>Pays the borrower today and starts the loan and its schedule.</source>
        <translation>今日向借款人放款,并生成借据及还款计划。</translation>
    </message>
    <message>
        <source>Disbursement</source>
        <translation>放款说明</translation>
    </message>
    <message>
        <source>Disburse the loan</source>
        <translation>放款</translation>
    </message>
    <message>
        <source>Disburse</source>
        <translation>放款</translation>
    </message>
    <message>
        <source>Disbursed.</source>
        <translation>已放款。</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>any grade</source>
        <translation>任意等级</translation>
    </message>
    <message>
        <source>min amount</source>
        <translation>最低金额</translation>
    </message>
    <message>
        <source>max amount</source>
        <translation>最高金额</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <source>mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source> h+</source>
        <translation> 小时以上</translation>
    </message>
    <message>
        <source>oldest first</source>
        <translation>最早优先</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>descending</source>
        <translation>降序</translation>
    </message>
</context>
<context>
    <name>CallBar</name>
    <message>
        <source>Calling the debtor. The number is shown for this call only.</source>
        <translation>正在致电债务人。号码仅在本次通话中显示。</translation>
    </message>
    <message>
        <source>No phone number is on file for this debtor.</source>
        <translation>该债务人没有登记电话号码。</translation>
    </message>
    <message>
        <source>Checking the contact rules…</source>
        <translation>正在检查联系规则…</translation>
    </message>
    <message>
        <source>Hide the number and log the call&apos;s outcome</source>
        <translation>隐藏号码并记录通话结果</translation>
    </message>
    <message>
        <source>End call…</source>
        <translation>结束通话…</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>复制号码</translation>
    </message>
    <message>
        <source>Dial the number with the workstation&apos;s phone</source>
        <translation>用本工作站的电话拨打该号码</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>拨号</translation>
    </message>
    <message>
        <source>Check the contact rules and show the debtor&apos;s number for this call</source>
        <translation>检查联系规则，并仅为本次通话显示债务人号码</translation>
    </message>
    <message>
        <source>Start call</source>
        <translation>开始通话</translation>
    </message>
</context>
<context>
    <name>KycGate</name>
    <message>
        <source>No checklist</source>
        <translation>无核查清单</translation>
    </message>
    <message>
        <source>The customer has no KYC checklist yet.</source>
        <translation>该客户尚无 KYC 核查清单。</translation>
    </message>
    <message>
        <source>Confirmed screening hit ({0}).</source>
        <translation>筛查已确认命中（{0}）。</translation>
    </message>
    <message>
        <source>Screening match awaiting review ({0}).</source>
        <translation>筛查疑似命中待复核（{0}）。</translation>
    </message>
    <message>
        <source>KYC has expired items: {0}.</source>
        <translation>KYC 有已过期项目：{0}。</translation>
    </message>
    <message>
        <source>KYC has rejected items: {0}.</source>
        <translation>KYC 有已驳回项目：{0}。</translation>
    </message>
    <message>
        <source>KYC is incomplete: {0}.</source>
        <translation>KYC 未完成：{0}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>English</source>
        <translation>简体中文</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign {0}</source>
        <translation>分配 {0}</translation>
    </message>
    <message>
        <source>Nobody (the team&apos;s queue)</source>
        <translation>不指定（留在团队队列）</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>无团队</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
</context>
<context>
    <name>ChangeTicketDialog</name>
    <message>
        <source>Change {0}</source>
        <translation>修改 {0}</translation>
    </message>
    <message>
        <source>No loan</source>
        <translation>无借款</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Link a customer first: the loan is one of theirs.</source>
        <translation>请先关联客户：借款须属于该客户。</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge {0}</source>
        <translation>合并 {0}</translation>
    </message>
    <message>
        <source>{0} is closed as a duplicate; its timeline, calls and attachments move to the ticket chosen here.</source>
        <translation>{0} 将作为重复工单关闭；其时间线、通话和附件将移至此处所选的工单。</translation>
    </message>
    <message>
        <source>Merge into</source>
        <translation>合并到</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>This customer has no other open ticket.</source>
        <translation>该客户没有其他未结工单。</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Customer number or phone number</source>
        <translation>客户编号或手机号</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>No loan</source>
        <translation>无借款</translation>
    </message>
    <message>
        <source>Find customer</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>Create ticket</source>
        <translation>创建工单</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>No customer matches “{0}”.</source>
        <translation>没有与“{0}”匹配的客户。</translation>
    </message>
</context>
<context>
    <name>TicketDialogs</name>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>{0} · DPD {1}</source>
        <translation>{0} · 逾期 {1} 天</translation>
    </message>
</context>
<context>
    <name>ReversalBox</name>
    <message>
        <source>Disbursement reversal (same business day, four eyes)</source>
        <translation>放款撤销（当日，双人复核）</translation>
    </message>
    <message>
        <source>Reverse disbursement…</source>
        <translation>撤销放款…</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>借款</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Borrower</source>
        <translation>借款人</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Approve reversal…</source>
        <translation>批准撤销…</translation>
    </message>
    <message>
        <source>Reject reversal…</source>
        <translation>驳回撤销…</translation>
    </message>
    <message>
        <source>Waiting for a second person:</source>
        <translation>等待第二人审批：</translation>
    </message>
    <message>
        <source>{0} asked for a reversal: {1}. A second person approves it below.</source>
        <translation>{0} 申请撤销放款：{1}。由第二人在下方审批。</translation>
    </message>
    <message>
        <source>Your role does not disburse loans.</source>
        <translation>您的角色不能放款。</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for a second person: %n</source>
        <translation>
            <numerusform>等待第二人审批：%n</numerusform>
        </translation>
    </message>
    <message>
        <source>Disbursed on</source>
        <translation>放款日</translation>
    </message>
    <message>
        <source>Investors get back</source>
        <translation>退回投资人</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>撤销内容</translation>
    </message>
    <message>
        <source>The ledger entries are reversed (origination fee {0}, reserve {1}), the schedule is cancelled and the application goes back to funded. A second person must approve.</source>
        <translation>冲销账务分录（服务费 {0}，风险准备金 {1}），作废还款计划，申请退回已募集状态。须由第二人批准。</translation>
    </message>
    <message>
        <source>Reverse disbursement</source>
        <translation>撤销放款</translation>
    </message>
    <message>
        <source>Ask for reversal</source>
        <translation>申请撤销</translation>
    </message>
    <message>
        <source>Reversal asked; a second person approves it.</source>
        <translation>已申请撤销，等待第二人批准。</translation>
    </message>
    <message>
        <source>Approving</source>
        <translation>批准后</translation>
    </message>
    <message>
        <source>Reverses the ledger, cancels the schedule and puts the application back to funded.</source>
        <translation>冲销账务，作废还款计划，申请退回已募集状态。</translation>
    </message>
    <message>
        <source>Approve the reversal</source>
        <translation>批准撤销放款</translation>
    </message>
    <message>
        <source>Approve reversal</source>
        <translation>批准撤销</translation>
    </message>
    <message>
        <source>Disbursement reversed.</source>
        <translation>放款已撤销。</translation>
    </message>
    <message>
        <source>Reject the reversal</source>
        <translation>驳回撤销放款</translation>
    </message>
    <message>
        <source>Reject reversal</source>
        <translation>驳回撤销</translation>
    </message>
    <message>
        <source>Reversal rejected.</source>
        <translation>撤销申请已驳回。</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>SchemaProblem</name>
    <message>
        <source>This database is empty. An administrator initialises it (p2pdesk init).</source>
        <translation>该数据库为空，需由管理员初始化（p2pdesk init）。</translation>
    </message>
    <message>
        <source>This database was written by a newer version of p2pdesk. Update this client before using it.</source>
        <translation>该数据库由更新版本的 p2pdesk 写入。请先升级本客户端再使用。</translation>
    </message>
    <message>
        <source>This database was written by an older version of p2pdesk. An administrator can upgrade it.</source>
        <translation>该数据库由旧版本的 p2pdesk 写入，管理员可以将其升级。</translation>
    </message>
</context>
<context>
    <name>ApplicationHistory</name>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>批量导入</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分派</translation>
    </message>
    <message>
        <source>Taken for review</source>
        <translation>领取审核</translation>
    </message>
    <message>
        <source>Information requested</source>
        <translation>要求补充资料</translation>
    </message>
    <message>
        <source>Information received</source>
        <translation>已收到补充资料</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>已推荐</translation>
    </message>
    <message>
        <source>Sent back for review</source>
        <translation>退回重审</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Funded</source>
        <translation>已募集</translation>
    </message>
    <message>
        <source>Funding changed</source>
        <translation>募集变更</translation>
    </message>
    <message>
        <source>Disbursed</source>
        <translation>已放款</translation>
    </message>
    <message>
        <source>Disbursement reversed</source>
        <translation>放款已冲正</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已变更</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <source>score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>reasons</source>
        <translation>原因代码</translation>
    </message>
    <message>
        <source>offered amount</source>
        <translation>批复金额</translation>
    </message>
    <message>
        <source>offered term (months)</source>
        <translation>批复期限（月）</translation>
    </message>
    <message>
        <source>offered rate</source>
        <translation>批复利率</translation>
    </message>
    <message>
        <source>committed</source>
        <translation>已认购</translation>
    </message>
    <message>
        <source>request</source>
        <translation>要求</translation>
    </message>
    <message>
        <source>due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>business date</source>
        <translation>营业日</translation>
    </message>
    <message>
        <source>external reference</source>
        <translation>外部编号</translation>
    </message>
    <message>
        <source>counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>web</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>FileEncoding</name>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>GBK</source>
        <translation>GBK</translation>
    </message>
    <message>
        <source>GB18030</source>
        <translation>GB18030</translation>
    </message>
</context>
</TS>
