# Seeds the evaluation Redmine (run with `rails runner`): settings, an administrator, a second
# administrator, an ordinary developer, a project and an issue.
pw = ENV.fetch('EVAL_PASSWORD')
Setting.app_title = 'Bluefin Projects'
Setting.host_name = 'projects.bluefin-logistics.com'
Setting.protocol = 'https'
Setting.rest_api_enabled = '1'
Setting.lost_password = '1'
Setting.mail_from = 'projects@bluefin-logistics.com'
Setting.login_required = '0'
Setting.self_registration = '1'
Setting.twofa = '1'

admin = User.find_by_login('admin')
admin.password = pw
admin.password_confirmation = pw
admin.must_change_passwd = false
admin.mail = 'admin@bluefin-logistics.com'
admin.firstname = 'Redmine'
admin.lastname = 'Admin'
admin.save!

def person(login, first, last, admin, pw)
  u = User.find_by_login(login) || User.new(firstname: first, lastname: last, mail: "#{login}@bluefin-logistics.com")
  u.login = login
  u.password = pw
  u.password_confirmation = pw
  u.admin = admin
  u.status = User::STATUS_ACTIVE
  u.save!
  u
end
kenji = person('kenji.watanabe', 'Kenji', 'Watanabe', false, pw)
person('deploy.admin', 'Aroha', 'Ngata', true, pw)

project = Project.find_by_identifier('dock-automation') || Project.create!(name: 'Dock Automation', identifier: 'dock-automation', is_public: false)
project.enabled_module_names = %w[issue_tracking wiki]
project.trackers = Tracker.all
project.save!
unless Member.where(user_id: kenji.id, project_id: project.id).exists?
  Member.create!(user: kenji, project: project, roles: [Role.find_by_name('Developer')])
end
if project.issues.empty?
  Issue.create!(project: project, tracker: Tracker.first, author: kenji, subject: 'Rotate the scanner API keys before the audit',
                description: "The dock scanners still use API keys created in 2024. Each owner should reset their key on \"My account\" and update the scanner config; do not paste keys into issues or chat.",
                priority: IssuePriority.default || IssuePriority.first, status: IssueStatus.first)
end
puts 'seeded redmine'
